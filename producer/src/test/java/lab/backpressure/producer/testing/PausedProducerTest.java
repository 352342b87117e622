package lab.backpressure.producer.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

/**
 * The whole producer, with the generator paused and a consumer that never answers (nothing listens on its
 * port) and a backoff so long that the delivery thread gives up after its first attempt. Queue contents
 * then change only through the API, which makes sizes exact. Test classes with this annotation share one
 * context; each must leave the config as it found it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(properties = {
        "lab.producer.producing=false",
        "lab.producer.consumer-url=http://127.0.0.1:1",
        "lab.producer.delivery.backoff.initial=1h",
        "lab.producer.delivery.backoff.max=1h"})
@AutoConfigureMockMvc
public @interface PausedProducerTest {
}
