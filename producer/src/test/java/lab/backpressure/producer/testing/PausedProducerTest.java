package lab.backpressure.producer.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;

/**
 * The whole producer, with the generator paused and no delivery threads. Queue contents then change only
 * through the API, which makes sizes exact. Test classes with this annotation share one context; each must
 * leave the config as it found it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(properties = {
        "lab.producer.producing=false",
        "lab.producer.consumer-url=http://127.0.0.1:1",
        "lab.producer.delivery.workers=0"})
@AutoConfigureMockMvc
public @interface PausedProducerTest {
}
