package lab.backpressure.producer;

import java.time.Clock;

import lab.backpressure.producer.threads.HaltOnOutOfMemory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ProducerApplication {

    public static void main(String[] args) {
        // also for threads the lab does not start itself (Tomcat's, the HTTP client's)
        Thread.setDefaultUncaughtExceptionHandler(new HaltOnOutOfMemory());
        SpringApplication.run(ProducerApplication.class, args);
    }

    /** Wall-clock time for items' created_at and enqueued_at (epoch millis on the wire). */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
