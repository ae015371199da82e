package com.dispatchbot.api;

import com.dispatchbot.workflows.conversation.ConversationRejections;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns failures into RFC 9457 problems. Spring's own handler covers wrong content types and
 * methods (415/405); this says what is wrong with an unreadable body or a field that failed
 * validation, adds the domain's cases, and answers anything unexpected with a 500 problem that
 * carries no stack trace, SQL or class name (those go to the log, under the id the answer gives).
 */
@RestControllerAdvice
class ApiErrors extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

  @ExceptionHandler(ApiProblem.class)
  ResponseEntity<ProblemDetail> problem(ApiProblem e) {
    ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.status());
    if (e.retryAfterSeconds() != null) {
      answer.header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
    }
    return answer.body(detail(e.status(), e.title(), e.getMessage()));
  }

  /** A URL the firewall refuses when a controller reads it (e.g. a NUL in a query parameter). */
  @ExceptionHandler(RequestRejectedException.class)
  ProblemDetail rejected(RequestRejectedException e) {
    return detail(
        HttpStatus.BAD_REQUEST, "Bad request", "the request was refused: " + e.getMessage());
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    Throwable tooLarge = cause(e, RequestInputLimits.BodyTooLarge.class);
    if (tooLarge != null) {
      return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
          .body(detail(HttpStatus.CONTENT_TOO_LARGE, "Request too large", tooLarge.getMessage()));
    }
    return ResponseEntity.badRequest()
        .body(detail(HttpStatus.BAD_REQUEST, "Unreadable body", unreadable(e)));
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String fields =
        e.getBindingResult().getFieldErrors().stream()
            .map(f -> f.getField() + " " + f.getDefaultMessage())
            .sorted()
            .collect(Collectors.joining("; "));
    return ResponseEntity.badRequest()
        .body(
            detail(
                HttpStatus.BAD_REQUEST,
                "Invalid fields",
                fields.isEmpty() ? "the request's fields are not valid" : fields));
  }

  /** What is wrong with a body that could not be read, in words and without Java type names. */
  static String unreadable(HttpMessageNotReadableException e) {
    Throwable cause = e.getCause();
    if (cause == null) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      return message.startsWith("Required request body is missing")
          ? "the request needs a JSON body"
          : "the body could not be read as JSON";
    }
    if (cause instanceof JsonInput.UnstorableText text) {
      return "field '" + path(text) + "' " + text.getOriginalMessage();
    }
    if (cause instanceof MismatchedInputException mismatch) {
      String where = path(mismatch);
      String expected = expected(mismatch.getTargetType());
      return where.isEmpty()
          ? "the body should be " + expected
          : "field '" + where + "' should be " + expected;
    }
    if (cause instanceof StreamReadException parse) {
      String reason = parse.getOriginalMessage();
      reason = reason == null ? "" : reason.lines().findFirst().orElse("");
      String at =
          parse.getLocation() == null
              ? ""
              : " (line "
                  + parse.getLocation().getLineNr()
                  + ", column "
                  + parse.getLocation().getColumnNr()
                  + ")";
      return "the body is not valid JSON: " + reason + at;
    }
    if (cause instanceof JacksonException json && !path(json).isEmpty()) {
      return "field '" + path(json) + "' has a value that cannot be read";
    }
    return "the body could not be read as JSON";
  }

  private static String path(JacksonException e) {
    StringBuilder path = new StringBuilder();
    for (JacksonException.Reference ref : e.getPath()) {
      if (ref.getPropertyName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getPropertyName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String expected(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == String.class) {
      return "text";
    }
    if (Number.class.isAssignableFrom(type)
        || type == int.class
        || type == long.class
        || type == double.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (List.class.isAssignableFrom(type) || type.isArray()) {
      return "a list";
    }
    return "a JSON object";
  }

  private static Throwable cause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return t;
      }
    }
    return null;
  }

  @ExceptionHandler(WorkflowNotFoundException.class)
  ProblemDetail notFound(WorkflowNotFoundException e) {
    return detail(HttpStatus.NOT_FOUND, "Not found", "no such conversation");
  }

  @ExceptionHandler(WorkflowUpdateException.class)
  ProblemDetail refused(WorkflowUpdateException e) {
    if (e.getCause() instanceof ApplicationFailure failure) {
      ProblemDetail rejected = rejection(failure);
      if (rejected != null) {
        return rejected;
      }
    }
    log.error("a turn failed", e);
    return detail(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "Turn failed",
        "the message was received but the reply failed; it is in the conversation's history");
  }

  /** Maps the conversation workflow's validator refusals; null when it is not one. */
  static ProblemDetail rejection(ApplicationFailure failure) {
    ConversationRejections reason = ConversationRejections.of(failure).orElse(null);
    if (reason == null) {
      return null;
    }
    HttpStatus status =
        switch (reason) {
          case EMPTY_MESSAGE -> HttpStatus.UNPROCESSABLE_CONTENT;
          case MESSAGE_TOO_LONG -> HttpStatus.CONTENT_TOO_LARGE;
          case CONVERSATION_CLOSED -> HttpStatus.CONFLICT;
        };
    return detail(status, reason.name(), ConversationRejections.detail(failure));
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ProblemDetail badArgument(IllegalArgumentException e) {
    return detail(HttpStatus.BAD_REQUEST, "Bad request", e.getMessage());
  }

  /**
   * Anything unexpected: a 500 problem with an id to find the stack trace in the log. Refusals of
   * Spring Security go back to it (401/403), and a client that went away gets no answer.
   */
  @ExceptionHandler(Exception.class)
  ProblemDetail unexpected(Exception e) throws Exception {
    if (e instanceof AccessDeniedException || e instanceof AuthenticationException) {
      throw e;
    }
    if (e instanceof AsyncRequestNotUsableException) {
      return null;
    }
    String id = UUID.randomUUID().toString();
    log.error("request failed (error id {})", id, e);
    return detail(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "Internal error",
        "the request failed on our side; the log has the details under error id " + id);
  }

  static ProblemDetail detail(HttpStatus status, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    problem.setType(URI.create("about:blank"));
    return problem;
  }
}
