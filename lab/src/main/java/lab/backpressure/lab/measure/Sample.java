package lab.backpressure.lab.measure;

import tools.jackson.databind.JsonNode;

/** Both services' {@code /status} read at one moment, {@code seconds} after the watch began. */
public record Sample(double seconds, JsonNode producer, JsonNode consumer) {

    public JsonNode of(String service) {
        return service.equals("producer") ? producer : consumer;
    }
}
