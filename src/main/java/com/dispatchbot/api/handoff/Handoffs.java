package com.dispatchbot.api.handoff;

import com.dispatchbot.api.ApiProblem;
import com.dispatchbot.api.handoff.HandoffApi.HandoffView;
import com.dispatchbot.api.handoff.HandoffApi.LiveState;
import com.dispatchbot.api.handoff.HandoffApi.TranscriptMessage;
import com.dispatchbot.security.AuditLog;
import com.dispatchbot.security.DispatchPrincipal;
import com.dispatchbot.security.DispatchPrincipal.Role;
import com.dispatchbot.workflows.conversation.ConversationWorkflow;
import com.dispatchbot.workflows.conversation.Messages.ConversationState;
import com.dispatchbot.workflows.conversation.Messages.HandBack;
import com.dispatchbot.workflows.conversation.Messages.OperatorClaim;
import com.dispatchbot.workflows.conversation.Messages.OperatorMessage;
import com.dispatchbot.workflows.conversation.Messages.ResolveHandoff;
import com.dispatchbot.workflows.conversation.Messages.Status;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowNotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The operator side of a handoff. Postgres decides who has a handoff (a row lock and a status
 * check), so two operators clicking Claim at once get one 200 and one 409; the workflow is then
 * told by a signal inside the same transaction, so a signal that cannot be delivered undoes the
 * change. Every action is audited, and every query is filtered by the operator's tenant.
 */
@Component
class Handoffs {
  private static final Logger log = LoggerFactory.getLogger(Handoffs.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final Set<String> STATUSES =
      Set.of("open", "claimed", "callback", "handed_back", "resolved");
  static final List<String> LIVE = List.of("open", "claimed", "callback");
  static final int MAX_TEXT = 2000;

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final WorkflowClient client;
  private final AuditLog audit;

  Handoffs(JdbcClient jdbc, TransactionTemplate tx, WorkflowClient client, AuditLog audit) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.client = client;
    this.audit = audit;
  }

  private static final String COLUMNS =
      """
      id, conversation_id, workflow_id, status, reason, emergency, intent, confidence, summary,
      slots::text, caller_phone, operator, resolution, created_at, sla_due_at, claimed_at, closed_at
      """;

  /** The tenant's handoffs in these statuses, emergencies first, then oldest first. */
  List<HandoffView> list(String tenantId, List<String> statuses) {
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from handoffs where tenant_id = ? and status = any(?)"
                + " order by emergency desc, created_at limit 500")
        .params(tenantId, statuses.toArray(String[]::new))
        .query((rs, n) -> view(rs))
        .list();
  }

  HandoffView find(String tenantId, String id) {
    return jdbc.sql("select " + COLUMNS + " from handoffs where tenant_id = ? and id = ?")
        .params(tenantId, id)
        .query((rs, n) -> view(rs))
        .optional()
        .orElseThrow(() -> ApiProblem.notFound("no handoff '" + id + "'"));
  }

  /** The call's transcript as the caller and the operator saw it, oldest first. */
  List<TranscriptMessage> transcript(String tenantId, String workflowId) {
    return jdbc.sql(
            """
            select turn, seq, role, author, text, intent, confidence, created_at
              from conversation_messages
             where tenant_id = ? and workflow_id = ?
             order by turn, case role when 'caller' then 0 else 1 end, id
            """)
        .params(tenantId, workflowId)
        .query(
            (rs, n) ->
                new TranscriptMessage(
                    rs.getInt(1),
                    rs.getInt(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    (Double) rs.getObject(7),
                    rs.getTimestamp(8).toInstant().toString()))
        .list();
  }

  /** Null when the call has ended or the workflow cannot be asked right now. */
  LiveState live(String workflowId) {
    try {
      ConversationState s = client.newWorkflowStub(ConversationWorkflow.class, workflowId).state();
      if (s.status() != Status.ACTIVE) {
        return null;
      }
      return new LiveState(
          s.status().name().toLowerCase(Locale.ROOT),
          s.turnCount(),
          s.lastIntent(),
          s.lastConfidence(),
          s.emergency(),
          s.dialogueStage());
    } catch (WorkflowException | StatusRuntimeException e) {
      log.debug("no live state for {}: {}", workflowId, e.getClass().getSimpleName());
      return null;
    }
  }

  HandoffView claim(DispatchPrincipal operator, String id) {
    return transition(
        operator,
        id,
        "handoff.claim",
        Map.of(),
        row -> {
          if ("claimed".equals(row.status()) && operator.name().equals(row.operator())) {
            return false; // clicked twice: already yours
          }
          if (!"open".equals(row.status()) && !"callback".equals(row.status())) {
            throw conflict(row, "claim");
          }
          jdbc.sql(
                  """
                  update handoffs set status = 'claimed', operator = ?, claimed_at = now(),
                         updated_at = now() where id = ?
                  """)
              .params(operator.name(), id)
              .update();
          // a callback on a call that has ended is claimed in the database only
          signal(
              row,
              "callback".equals(row.status()),
              wf -> wf.claim(new OperatorClaim(id, operator.name())));
          return true;
        });
  }

  void reply(DispatchPrincipal operator, String id, String text) {
    String clean = text(text, "text", "the reply");
    transition(
        operator,
        id,
        "handoff.reply",
        Map.of("chars", clean.length()),
        row -> {
          requireClaimedBy(operator, row, "reply to");
          signal(
              row,
              false,
              wf -> wf.operatorMessage(new OperatorMessage(id, operator.name(), clean)));
          return true;
        });
  }

  HandoffView handBack(DispatchPrincipal operator, String id, String notes) {
    String clean = notes == null || notes.isBlank() ? "" : text(notes, "notes", "the notes");
    return transition(
        operator,
        id,
        "handoff.hand_back",
        Map.of("notes", !clean.isEmpty()),
        row -> {
          requireClaimedBy(operator, row, "hand back");
          jdbc.sql(
                  """
                  update handoffs set status = 'handed_back', closed_at = now(), updated_at = now()
                   where id = ?
                  """)
              .param(id)
              .update();
          signal(row, false, wf -> wf.handBack(new HandBack(id, operator.name(), clean)));
          return true;
        });
  }

  HandoffView resolve(DispatchPrincipal operator, String id, String resolution) {
    String clean =
        resolution == null || resolution.isBlank()
            ? "resolved"
            : text(resolution, "resolution", "the resolution");
    return transition(
        operator,
        id,
        "handoff.resolve",
        Map.of("resolution", clean),
        row -> {
          if (!LIVE.contains(row.status())) {
            throw conflict(row, "resolve");
          }
          if ("claimed".equals(row.status())
              && !operator.name().equals(row.operator())
              && !operator.role().includes(Role.ADMIN)) {
            throw conflict(row, "resolve");
          }
          jdbc.sql(
                  """
                  update handoffs set status = 'resolved', resolution = ?, operator = coalesce(operator, ?),
                         closed_at = now(), updated_at = now() where id = ?
                  """)
              .params(clean, operator.name(), id)
              .update();
          jdbc.sql(
                  "update callback_tasks set status = 'done', done_at = now()"
                      + " where handoff_id = ? and status = 'open'")
              .param(id)
              .update();
          // the call may be over already (a callback made by phone): the database is enough then
          signal(row, true, wf -> wf.resolve(new ResolveHandoff(id, operator.name(), clean)));
          return true;
        });
  }

  private interface Change {
    /** Checks and applies the change to the locked row; false when there was nothing to do. */
    boolean apply(Locked row);
  }

  private record Locked(String id, String workflowId, String status, String operator) {}

  private HandoffView transition(
      DispatchPrincipal operator, String id, String action, Map<String, ?> detail, Change change) {
    tx.executeWithoutResult(
        status -> {
          Locked row =
              jdbc.sql(
                      "select id, workflow_id, status, operator from handoffs"
                          + " where tenant_id = ? and id = ? for update")
                  .params(operator.tenantId(), id)
                  .query(
                      (rs, n) ->
                          new Locked(
                              rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                  .optional()
                  .orElseThrow(() -> ApiProblem.notFound("no handoff '" + id + "'"));
          if (change.apply(row)) {
            audit.record(operator, action, "handoff", id, detail);
          }
        });
    return find(operator.tenantId(), id);
  }

  private void requireClaimedBy(DispatchPrincipal operator, Locked row, String what) {
    if (!"claimed".equals(row.status()) || !operator.name().equals(row.operator())) {
      throw new ApiProblem(
          HttpStatus.CONFLICT,
          "Not your handoff",
          "claim handoff '"
              + row.id()
              + "' before you "
              + what
              + " it"
              + ("claimed".equals(row.status()) ? " (" + row.operator() + " has it)" : "")
              + "; it is "
              + row.status());
    }
  }

  private static ApiProblem conflict(Locked row, String what) {
    String who = row.operator() == null ? "" : " by " + row.operator();
    return new ApiProblem(
        HttpStatus.CONFLICT,
        "Handoff not available",
        "cannot " + what + " handoff '" + row.id() + "': it is " + row.status() + who);
  }

  /**
   * Tells the workflow. When it has ended: fine if {@code endedIsFine}, else 409 (and the
   * transaction rolls back).
   */
  private void signal(Locked row, boolean endedIsFine, Consumer<ConversationWorkflow> send) {
    try {
      send.accept(client.newWorkflowStub(ConversationWorkflow.class, row.workflowId()));
    } catch (WorkflowNotFoundException ended) {
      if (!endedIsFine) {
        throw new ApiProblem(
            HttpStatus.CONFLICT,
            "Call ended",
            "the caller's conversation has ended; call them back instead");
      }
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Code.NOT_FOUND) {
        if (!endedIsFine) {
          throw new ApiProblem(
              HttpStatus.CONFLICT,
              "Call ended",
              "the caller's conversation has ended; call them back instead");
        }
        return;
      }
      log.warn("could not signal {}: {}", row.workflowId(), e.getStatus().getCode());
      throw new ApiProblem(
          HttpStatus.SERVICE_UNAVAILABLE,
          "Temporal unavailable",
          "the call could not be reached right now; nothing was changed, try again");
    }
  }

  /** Trimmed, control characters (but new lines) removed, within {@link #MAX_TEXT}. */
  static String text(String value, String field, String what) {
    String clean = value == null ? "" : value.replaceAll("[\\p{Cc}&&[^\\n\\t]]", "").strip();
    if (clean.isEmpty()) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "Empty " + field, what + " has no text");
    }
    if (clean.length() > MAX_TEXT) {
      throw new ApiProblem(
          HttpStatus.BAD_REQUEST,
          "Too long",
          what + " has " + clean.length() + " characters; the limit is " + MAX_TEXT);
    }
    return clean;
  }

  /** Parses {@code status=open,claimed}; {@code all} means every status; default: live ones. */
  static List<String> statuses(String param) {
    if (param == null || param.isBlank()) {
      return LIVE;
    }
    if (param.strip().equalsIgnoreCase("all")) {
      return List.copyOf(STATUSES);
    }
    List<String> asked =
        Arrays.stream(param.split(","))
            .map(s -> s.strip().toLowerCase(Locale.ROOT))
            .filter(s -> !s.isEmpty())
            .distinct()
            .toList();
    for (String s : asked) {
      if (!STATUSES.contains(s)) {
        throw new ApiProblem(
            HttpStatus.BAD_REQUEST,
            "Unknown status",
            "status '"
                + (s.length() > 40 ? s.substring(0, 40) + "..." : s)
                + "' is not one of open, claimed, callback, handed_back, resolved, all");
      }
    }
    return asked.isEmpty() ? LIVE : asked;
  }

  @SuppressWarnings("unchecked")
  private static HandoffView view(ResultSet rs) throws SQLException {
    Map<String, Object> slots;
    try {
      slots = JSON.readValue(rs.getString(10), Map.class);
    } catch (JsonProcessingException e) {
      slots = Map.of();
    }
    return new HandoffView(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        rs.getBoolean(6),
        rs.getString(7),
        (Double) rs.getObject(8),
        rs.getString(9),
        slots,
        rs.getString(11),
        rs.getString(12),
        rs.getString(13),
        iso(rs.getTimestamp(14)),
        iso(rs.getTimestamp(15)),
        iso(rs.getTimestamp(16)),
        iso(rs.getTimestamp(17)));
  }

  private static String iso(Timestamp t) {
    return t == null ? null : t.toInstant().toString();
  }
}
