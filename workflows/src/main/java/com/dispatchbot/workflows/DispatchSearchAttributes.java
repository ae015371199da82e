package com.dispatchbot.workflows;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * Custom search attributes that make a call findable in the Temporal UI. temporal-dev/
 * search-attributes.txt registers the same names on the dev server (a test keeps them in step).
 */
public final class DispatchSearchAttributes {
  public static final SearchAttributeKey<String> TENANT =
      SearchAttributeKey.forKeyword("DispatchTenant");
  public static final SearchAttributeKey<String> CHANNEL =
      SearchAttributeKey.forKeyword("DispatchChannel");
  public static final SearchAttributeKey<String> STATUS =
      SearchAttributeKey.forKeyword("DispatchStatus");
  public static final SearchAttributeKey<String> INTENT =
      SearchAttributeKey.forKeyword("DispatchIntent");
  public static final SearchAttributeKey<Boolean> EMERGENCY =
      SearchAttributeKey.forBoolean("DispatchEmergency");
  public static final SearchAttributeKey<String> OUTCOME =
      SearchAttributeKey.forKeyword("DispatchOutcome");

  public static final List<SearchAttributeKey<?>> ALL =
      List.of(TENANT, CHANNEL, STATUS, INTENT, EMERGENCY, OUTCOME);

  private DispatchSearchAttributes() {}
}
