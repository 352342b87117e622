package lab.backpressure.consumer.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Closes the connection of a marked request instead of answering it, as a crashed server or a proxy
 * cutting the line would: the client sees the connection end (EOF or reset) and no status at all.
 * The servlet API cannot do that; Tomcat can, from a valve, which sees the request after the servlet
 * returned and before the response is written.
 */
@Configuration(proxyBeanMethods = false)
class ConnectionReset {

    private static final String CLOSE = ConnectionReset.class.getName() + ".CLOSE";

    /** Marks the request; its handler must write nothing, so the response is still uncommitted. */
    static void closeWithoutAnswer(HttpServletRequest request) {
        request.setAttribute(CLOSE, Boolean.TRUE);
    }

    @Bean
    TomcatContextCustomizer connectionResetValve() {
        return context -> context.getPipeline().addValve(new CloseMarkedConnections());
    }

    private static final class CloseMarkedConnections extends ValveBase {

        CloseMarkedConnections() {
            super(true);
        }

        @Override
        public void invoke(Request request, Response response) throws IOException, ServletException {
            getNext().invoke(request, response);
            if (request.getAttribute(CLOSE) != null) {
                // CLOSE_NOW stops all further output and closes the socket once the request ends
                response.getCoyoteResponse().action(ActionCode.CLOSE_NOW, null);
            }
        }
    }
}
