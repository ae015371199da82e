package com.dispatchbot.api;

import com.dispatchbot.workflows.conversation.ConversationRejections;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.failure.ApplicationFailure;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns failures into RFC 9457 problems. Spring's own handler covers malformed JSON, wrong content
 * types and failed bean validation (400/415); this adds the domain's cases.
 */
@RestControllerAdvice
class ApiErrors extends ResponseEntityExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

  @ExceptionHandler(ApiProblem.class)
  ProblemDetail problem(ApiProblem e) {
    return detail(e.status(), e.title(), e.getMessage());
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

  static ProblemDetail detail(HttpStatus status, String title, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setTitle(title);
    problem.setType(URI.create("about:blank"));
    return problem;
  }
}
