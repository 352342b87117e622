package lab.backpressure.producer.item;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import lab.backpressure.support.settings.AdminSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which items the producer marks {@code critical}, the rest {@code sheddable} ({@code lab.producer.critical-share},
 * admin field {@code critical_share}); the handout's items are all alike, so by default none is critical.
 *
 * @param criticalShare the share of items marked critical, in [0, 1]
 */
@ConfigurationProperties("lab.producer")
public record Criticality(@DecimalMin("0") @DecimalMax("1") @DefaultValue("0") double criticalShare)
        implements AdminSettings {

    /**
     * Item {@code id} is critical when floor(id × share) steps up there: the share spread evenly and the same for
     * the same item every time, so 0.25 marks exactly every fourth item (ids 4, 8, 12, ...).
     */
    public ItemPriority priorityOf(long id) {
        boolean critical = Math.floor(id * criticalShare) > Math.floor((id - 1) * criticalShare);
        return critical ? ItemPriority.CRITICAL : ItemPriority.SHEDDABLE;
    }
}
