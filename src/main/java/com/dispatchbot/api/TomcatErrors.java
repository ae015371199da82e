package com.dispatchbot.api;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Requests Tomcat refuses before the app sees them (a URL whose {@code ..} climbs above the root,
 * an unreadable request line) are answered as RFC 9457 problems too, instead of Tomcat's HTML page.
 * Runs after Spring Boot's own customizer and replaces the error report valve it installs.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
public class TomcatErrors
    implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

  @Override
  public void customize(ConfigurableTomcatWebServerFactory factory) {
    factory.addContextCustomizers(
        context -> {
          Pipeline host = context.getParent().getPipeline();
          for (Valve valve : host.getValves()) {
            if (valve instanceof ErrorReportValve && !(valve instanceof ProblemReportValve)) {
              host.removeValve(valve);
            }
          }
          host.addValve(new ProblemReportValve());
          // else the host adds Tomcat's HTML valve when it starts, in front of this one
          if (context.getParent() instanceof StandardHost standardHost) {
            standardHost.setErrorReportValveClass(ProblemReportValve.class.getName());
          }
        });
  }

  /** Writes the error Tomcat answers on its own as {@code application/problem+json}. */
  public static final class ProblemReportValve extends ErrorReportValve {
    public ProblemReportValve() {
      setShowReport(false);
      setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
      int status = response.getStatus();
      if (status < 400 || response.getContentWritten() > 0) {
        return;
      }
      HttpStatus known = HttpStatus.resolve(status);
      String title = known == null ? "Error" : known.getReasonPhrase();
      String detail =
          status == 400
              ? "the request cannot be read: its URL (for example '..' above the root) or its"
                  + " headers are malformed"
              : "the request failed: " + title;
      try {
        response.setContentType("application/problem+json");
        response.setCharacterEncoding("UTF-8");
        Writer writer = response.getReporter();
        if (writer != null) {
          writer.write(
              "{\"type\":\"about:blank\",\"title\":\""
                  + title
                  + "\",\"status\":"
                  + status
                  + ",\"detail\":\""
                  + detail
                  + "\"}");
          response.finishResponse();
        }
      } catch (IOException | IllegalStateException e) {
        // the client is gone or the response was taken: nothing more to say
      }
    }
  }
}
