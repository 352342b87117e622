package lab.backpressure.lab.run;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a service's error answer becomes in a message: one short line, whatever the service sent. */
class LabRefusedTest {

    private static final String REQUEST = "POST http://localhost:8000/../../etc/passwd";
    /** Tomcat's own page for a request it refuses before Spring sees it, as the producer sent it. */
    private static final String TOMCAT_PAGE = "<!doctype html><html lang=\"en\"><head><title>HTTP Status 400 – Bad"
            + " Request</title><style type=\"text/css\">body {font-family:Tahoma,Arial,sans-serif;} h1 {font-size:22px;}"
            + "</style></head><body><h1>HTTP Status 400 – Bad Request</h1></body></html>";

    @Test
    void anHtmlErrorPageIsItsText() {
        LabRefused refused = new LabRefused(REQUEST, 400, TOMCAT_PAGE);

        assertThat(refused.reason()).isEqualTo("HTTP Status 400 – Bad Request");
        assertThat(refused.getMessage()).isEqualTo(REQUEST + " answered 400: HTTP Status 400 – Bad Request");
        assertThat(refused.field()).isEmpty();
    }

    @Test
    void aPageWithMoreThanItsTitleKeepsWhatItSaysOnOneLine() {
        LabRefused refused = new LabRefused(REQUEST, 501, """
                <!DOCTYPE HTML>
                <html lang="en">
                    <head><meta charset="utf-8"><title>Error response</title></head>
                    <body>
                        <h1>Error response</h1>
                        <p>Error code: 501</p>
                        <p>Message: Unsupported method ('POST').</p>
                    </body>
                </html>""");

        assertThat(refused.reason()).isEqualTo("Error response Error code: 501 Message: Unsupported method ('POST').");
    }

    @Test
    void htmlWithoutATitleIsItsTextOnOneLine() {
        LabRefused refused = new LabRefused(REQUEST, 404,
                "<h1>404 Not Found</h1>\nNo context found for request<style>h1 {color: red}</style>");

        assertThat(refused.reason()).isEqualTo("404 Not Found No context found for request");
    }

    @Test
    void aProblemIsItsDetailAndItsField() {
        LabRefused refused = new LabRefused(REQUEST, 400, """
                {"type": "about:blank", "title": "Bad Request", "status": 400,
                 "detail": "max_queue_size must be at least 1", "field": "max_queue_size"}""");

        assertThat(refused.reason()).isEqualTo("max_queue_size must be at least 1");
        assertThat(refused.field()).contains("max_queue_size");
    }

    @Test
    void aLongTextIsCutAndAnEmptyAnswerSaysSo() {
        LabRefused verbose = new LabRefused(REQUEST, 502, "upstream\r\n trouble " + "x".repeat(500));
        LabRefused empty = new LabRefused(REQUEST, 503, "");

        assertThat(verbose.reason()).startsWith("upstream trouble xxx").hasSize(160).endsWith("…").doesNotContain("\n");
        assertThat(empty.reason()).isEqualTo("an empty answer");
    }

    @Test
    void aTwoHundredThatIsNotJsonSaysSo() {
        assertThat(LabRefused.notJson("GET http://localhost:8000/status", "<html><title>Welcome</title></html>")
                .getMessage()).isEqualTo("GET http://localhost:8000/status answered 200: not JSON: Welcome");
    }
}
