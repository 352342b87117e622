package lab.backpressure.consumer.web;

import lab.backpressure.consumer.processing.WaitingRoom;
import org.jspecify.annotations.Nullable;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Puts the consumer's credit ({@link WaitingRoom#credit()}) on every answer to {@code /process} and
 * {@code /process/batch}: processed, refused, shed or failed alike, so a producer delivering under
 * {@code delivery_limit: credit} learns it from whatever answer it gets. Written just before the body, when the
 * answered request has already given its place back; a connection reset has no answer and so no credit.
 */
@RestControllerAdvice
class CreditHeader implements ResponseBodyAdvice<Object> {

    private final WaitingRoom waitingRoom;

    CreditHeader(WaitingRoom waitingRoom) {
        this.waitingRoom = waitingRoom;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request, ServerHttpResponse response) {
        String path = request.getURI().getPath();
        if (path.equals("/process") || path.equals("/process/batch")) {
            response.getHeaders().set(WaitingRoom.CREDIT_HEADER, Integer.toString(waitingRoom.credit()));
        }
        return body;
    }
}
