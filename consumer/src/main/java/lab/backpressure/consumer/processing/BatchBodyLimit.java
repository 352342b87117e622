package lab.backpressure.consumer.processing;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Holds a batch body to {@link BatchLimits#maxBytes()}: a declared Content-Length beyond it is refused
 * before a byte is read, and a chunked body as soon as it grows beyond it.
 */
@ControllerAdvice
class BatchBodyLimit extends RequestBodyAdviceAdapter {

    private final BatchLimits limits;

    BatchBodyLimit(ConsumerLimits limits) {
        this.limits = limits.batchLimits();
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        return targetType == WorkBatch.class;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage message, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        limits.requireBytes(message.getHeaders().getContentLength());
        InputStream limited = new LimitedInputStream(message.getBody());
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return limited;
            }

            @Override
            public HttpHeaders getHeaders() {
                return message.getHeaders();
            }
        };
    }

    private final class LimitedInputStream extends FilterInputStream {

        private long bytesRead;

        LimitedInputStream(InputStream body) {
            super(body);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            bytesRead += n;
            limits.requireBytes(bytesRead);
        }
    }
}
