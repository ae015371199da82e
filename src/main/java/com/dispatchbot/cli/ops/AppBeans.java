package com.dispatchbot.cli.ops;

import com.dispatchbot.DispatchBotApplication;
import java.time.Duration;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.Banner;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * The app's own beans, for commands that must run the worker's real code (test-llm,
 * profile-request, test-conversation, retrieval for analyze-context-size): the app's Spring context
 * with its configuration and wiring, but no web server, no Temporal workers, no schedules, no
 * start-up jobs (sample data) and no migrations, and every bean created lazily, so a command pays
 * only for the beans it asks for. A command that asks for the conversation client does not load the
 * intent model; one that asks for the intent activities does.
 */
final class AppBeans implements AutoCloseable {
  private final ConfigurableApplicationContext context;
  private final Duration startup;

  private AppBeans(ConfigurableApplicationContext context, Duration startup) {
    this.context = context;
    this.startup = startup;
  }

  static AppBeans start() {
    long started = System.nanoTime();
    ConfigurableApplicationContext context =
        new SpringApplicationBuilder(DispatchBotApplication.class)
            .web(WebApplicationType.NONE)
            .bannerMode(Banner.Mode.OFF)
            .logStartupInfo(false)
            .lazyInitialization(true)
            .registerShutdownHook(false)
            .initializers(ctx -> ctx.addBeanFactoryPostProcessor(new NoStartupJobs()))
            // as command-line arguments: they win over application.yaml and the environment
            .run(
                "--spring.temporal.start-workers=false",
                "--dispatch.schedules.register=false",
                "--dispatch.sample-data=false",
                // ops commands never migrate (OpsDatabase); they checked the schema first
                "--spring.flyway.enabled=false",
                // the health indicators are removed below, so the readiness group has no members
                "--management.endpoint.health.validate-group-membership=false",
                "--logging.level.root=ERROR");
    return new AppBeans(context, Duration.ofNanos(System.nanoTime() - started));
  }

  <T> T get(Class<T> type) {
    return context.getBean(type);
  }

  <T> T get(String name, Class<T> type) {
    return context.getBean(name, type);
  }

  /** How long the context took to start (beans asked for later cost extra). */
  Duration startup() {
    return startup;
  }

  @Override
  public void close() {
    context.close();
  }

  /**
   * Removes the app's start-up jobs (ApplicationRunner / CommandLineRunner beans: sample data,
   * schedule registration) and its health indicators: Spring calls every runner, and the actuator
   * resolves every health indicator, even in a lazy context; they would write data, load the
   * embedding model and open the knowledge store (which a running app holds) for nothing.
   */
  static final class NoStartupJobs implements BeanFactoryPostProcessor {
    /**
     * Runs after component scanning and auto-configuration registered every definition (a registry
     * post-processor added to the context would run before the scan and see none of them).
     */
    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
      BeanDefinitionRegistry registry = (BeanDefinitionRegistry) beanFactory;
      for (String name : registry.getBeanDefinitionNames()) {
        BeanDefinition definition = registry.getBeanDefinition(name);
        String className = definition.getBeanClassName();
        if (className == null || !className.startsWith("com.dispatchbot.")) {
          continue;
        }
        try {
          Class<?> type = ClassUtils.forName(className, AppBeans.class.getClassLoader());
          if (ApplicationRunner.class.isAssignableFrom(type)
              || CommandLineRunner.class.isAssignableFrom(type)
              || HealthContributor.class.isAssignableFrom(type)) {
            registry.removeBeanDefinition(name);
          }
        } catch (ClassNotFoundException | LinkageError e) {
          // not a class of ours after all: leave it
        }
      }
    }
  }
}
