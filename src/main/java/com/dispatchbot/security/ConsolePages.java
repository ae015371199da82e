package com.dispatchbot.security;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The console's two pages, static files in {@code static/console/}: {@code /console/login} (open to
 * all) and {@code /console} (operators and admins; others are sent to the login page).
 */
@Configuration
class ConsolePages implements WebMvcConfigurer {
  @Override
  public void addViewControllers(ViewControllerRegistry registry) {
    registry.addViewController("/console").setViewName("forward:/console/index.html");
    registry.addViewController("/console/").setViewName("forward:/console/index.html");
    registry.addViewController("/console/login").setViewName("forward:/console/login.html");
  }
}
