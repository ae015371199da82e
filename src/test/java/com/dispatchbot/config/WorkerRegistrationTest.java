package com.dispatchbot.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.dispatchbot.workflows.TaskQueues;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

/** application.yaml registers a worker on exactly the task queues the workflows schedule on. */
class WorkerRegistrationTest {

  @Test
  void everyTaskQueueInTheCodeHasAWorkerAndNoWorkerPollsAnUnknownQueue() throws Exception {
    YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
    yaml.setResources(new ClassPathResource("application.yaml"));
    Properties properties = yaml.getObject();
    List<String> registered = new ArrayList<>();
    for (int i = 0; properties.containsKey("spring.temporal.workers[" + i + "].task-queue"); i++) {
      registered.add(properties.getProperty("spring.temporal.workers[" + i + "].task-queue"));
    }
    List<String> declared = new ArrayList<>();
    for (Field field : TaskQueues.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        declared.add((String) field.get(null));
      }
    }
    assertThat(registered).containsExactlyInAnyOrderElementsOf(declared);
  }
}
