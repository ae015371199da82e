package com.dispatchbot.workflows.conversation;

import com.dispatchbot.workflows.conversation.Messages.CallerMessage;
import com.dispatchbot.workflows.conversation.Messages.ConversationResult;
import com.dispatchbot.workflows.conversation.Messages.ConversationState;
import com.dispatchbot.workflows.conversation.Messages.EndConversation;
import com.dispatchbot.workflows.conversation.Messages.HandBack;
import com.dispatchbot.workflows.conversation.Messages.OperatorClaim;
import com.dispatchbot.workflows.conversation.Messages.OperatorMessage;
import com.dispatchbot.workflows.conversation.Messages.ResolveHandoff;
import com.dispatchbot.workflows.conversation.Messages.StartConversation;
import com.dispatchbot.workflows.conversation.Messages.TurnReply;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** One call, SMS thread or chat, from the first message until it ends. */
@WorkflowInterface
public interface ConversationWorkflow {

  @WorkflowMethod
  ConversationResult run(StartConversation start);

  /** A caller turn that waits for the reply (API, web chat, voice gateway). */
  @UpdateMethod
  TurnReply sendMessage(CallerMessage message);

  /** Refuses empty, oversize and post-completion messages before they reach history. */
  @UpdateValidatorMethod(updateName = "sendMessage")
  void validateMessage(CallerMessage message);

  /** A caller turn from a fire-and-forget channel (SMS): the reply is stored, not returned. */
  @SignalMethod
  void receiveMessage(CallerMessage message);

  /** The caller hung up or the gateway closed the session. */
  @SignalMethod
  void end(EndConversation request);

  /** An operator took the handoff: the bot stays muted and the SLA timer stops. */
  @SignalMethod
  void claim(OperatorClaim claim);

  /** The operator's words to the caller: stored with the transcript, shown to the caller. */
  @SignalMethod
  void operatorMessage(OperatorMessage message);

  /** The bot resumes, with the operator's notes in its context. */
  @SignalMethod
  void handBack(HandBack handBack);

  /** The operator closed the matter: the call ends with outcome {@code resolved}. */
  @SignalMethod
  void resolve(ResolveHandoff resolve);

  @QueryMethod
  ConversationState state();
}
