package com.dispatchbot.workflows.llm;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Reads the worker's LLM configuration; run as a local activity when a conversation starts. */
@ActivityInterface
public interface LlmRouteActivities {
  @ActivityMethod
  LlmRoute currentRoute();
}
