package com.dispatchbot;

import com.dispatchbot.cli.DispatchCli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class DispatchBotApplication {
  public static void main(String[] args) {
    if (DispatchCli.isCommand(args)) {
      System.exit(DispatchCli.run(args));
    }
    SpringApplication.run(DispatchBotApplication.class, args);
  }
}
