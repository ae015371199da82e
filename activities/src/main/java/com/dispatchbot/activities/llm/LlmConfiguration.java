package com.dispatchbot.activities.llm;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Binds {@code dispatch.llm.*} and {@code dispatch.context.*}; the activities are plain components.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({LlmProperties.class, ContextProperties.class})
public class LlmConfiguration {}
