package lab.backpressure.labtests.compose;

/** An image reference such as prom/prometheus:v3.5.0 or eclipse-temurin:25-jre-noble. */
final class ImageReference {

    private ImageReference() {
    }

    /**
     * Whether the reference names one version: a digest, or a tag other than latest. A registry
     * port (localhost:5000/image) is not a tag, hence the tag is looked for after the last slash.
     */
    static boolean isPinned(String image) {
        if (image.contains("@sha256:")) {
            return true;
        }
        String lastComponent = image.substring(image.lastIndexOf('/') + 1);
        int colon = lastComponent.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String tag = lastComponent.substring(colon + 1);
        return !tag.isBlank() && !tag.equals("latest");
    }
}
