package com.dispatchbot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class DispatchBotApplication {
  public static void main(String[] args) {
    SpringApplication.run(DispatchBotApplication.class, args);
  }
}
