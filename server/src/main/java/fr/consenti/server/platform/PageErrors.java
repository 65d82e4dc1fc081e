package fr.consenti.server.platform;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Errors of the pages are pages. A person's browser (a request outside {@code /api/} that accepts
 * {@code text/html}) gets the site's HTML error page, whatever failed: a handler's exception is turned here into
 * the servlet error of its status, which {@link ErrorEndpoint} renders as HTML, as it renders the errors that
 * security filters send (403, a CSRF failure). The API, and any client not asking for HTML, keeps problem+json
 * ({@link ProblemDetails}): this resolver runs before it and lets those requests through.
 */
@Component
final class PageErrors implements HandlerExceptionResolver, Ordered {

    private static final Logger log = LoggerFactory.getLogger(PageErrors.class);

    /** Whether this request comes from a person's browser on a page, rather than from an API client. */
    static boolean isPage(HttpServletRequest request, String path) {
        if (path == null || path.equals("/api") || path.startsWith("/api/")) {
            return false;
        }
        String accept = request.getHeader("Accept");
        if (accept == null) {
            return false;
        }
        try {
            List<MediaType> types = MediaType.parseMediaTypes(accept);
            return types.stream().anyMatch(type -> "text".equals(type.getType()) && "html".equals(type.getSubtype()));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    @Override
    public int getOrder() {
        // After Spring Boot's DefaultErrorAttributes (which only records the exception), before the MVC resolvers.
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception ex) {
        if (!isPage(request, path(request)) || response.isCommitted()) {
            return null;
        }
        int status = status(ex);
        if (status >= 500) {
            log.error("Unexpected error answering page {}", path(request), ex);
        }
        try {
            response.sendError(status);
        } catch (IOException e) {
            return null;
        }
        return new ModelAndView();
    }

    private static int status(Exception ex) {
        if (ex instanceof ErrorResponse error) {
            return error.getStatusCode().value();
        }
        ResponseStatus declared = AnnotatedElementUtils.findMergedAnnotation(ex.getClass(), ResponseStatus.class);
        if (declared != null) {
            return declared.code().value();
        }
        if (ex instanceof org.springframework.beans.TypeMismatchException
                || ex instanceof org.springframework.web.bind.ServletRequestBindingException
                || ex instanceof org.springframework.web.multipart.support.MissingServletRequestPartException) {
            return HttpStatus.BAD_REQUEST.value();
        }
        return HttpStatus.INTERNAL_SERVER_ERROR.value();
    }
}
