package com.dispatchbot.workflows.conversation;

import java.util.regex.Pattern;

/** Workflow ids of conversations: {@code conv-<tenant>-<conversation id>}. */
public final class ConversationIds {
  public static final String PREFIX = "conv-";

  /** Lower-case letters, digits and dashes; starts with a letter or digit. */
  public static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  /** What a gateway may use as its own id for a call: no spaces, no slashes. */
  public static final Pattern CONVERSATION_ID =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

  private ConversationIds() {}

  public static String workflowId(String tenantId, String conversationId) {
    if (!TENANT_ID.matcher(tenantId).matches()) {
      throw new IllegalArgumentException("invalid tenant id: " + tenantId);
    }
    if (!CONVERSATION_ID.matcher(conversationId).matches()) {
      throw new IllegalArgumentException("invalid conversation id: " + conversationId);
    }
    return PREFIX + tenantId + "-" + conversationId;
  }
}
