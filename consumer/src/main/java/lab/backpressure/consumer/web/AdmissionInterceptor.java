package lab.backpressure.consumer.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import lab.backpressure.consumer.processing.Admission;
import lab.backpressure.consumer.processing.Priority;
import lab.backpressure.consumer.processing.WaitingRoom;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Load shedding at the door of {@code /process} and {@code /process/batch}: reads the {@code Item-Priority}
 * header and asks the {@link WaitingRoom} for a place. An interceptor runs before the handler's arguments
 * are resolved, so a shed request costs no body read and no JSON parsing. The place is given back when the
 * request ends, whatever way it ends.
 */
@Configuration(proxyBeanMethods = false)
class AdmissionInterceptor implements HandlerInterceptor, WebMvcConfigurer {

    private final WaitingRoom waitingRoom;

    AdmissionInterceptor(WaitingRoom waitingRoom) {
        this.waitingRoom = waitingRoom;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/process", "/process/batch");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Admission admission = waitingRoom.admit(Priority.ofHeader(request.getHeader(Priority.HEADER)));
        request.setAttribute(Admission.ATTRIBUTE, admission);
        return true;
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
            @Nullable Exception e) {
        if (request.getAttribute(Admission.ATTRIBUTE) instanceof Admission admission) {
            admission.leave();
        }
    }
}
