package com.dispatchbot.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class SearchAttributesRegistrationTest {

  @Test
  void theDevServerRegistersExactlyTheSearchAttributesTheWorkflowsUse() throws IOException {
    List<String> registered =
        Files.readAllLines(Path.of("..", "temporal-dev", "search-attributes.txt")).stream()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .toList();
    List<String> used =
        DispatchSearchAttributes.ALL.stream()
            .map(
                key ->
                    key.getName()
                        + "="
                        + switch (key.getValueType()) {
                          case INDEXED_VALUE_TYPE_KEYWORD -> "Keyword";
                          case INDEXED_VALUE_TYPE_BOOL -> "Bool";
                          case INDEXED_VALUE_TYPE_INT -> "Int";
                          case INDEXED_VALUE_TYPE_DATETIME -> "Datetime";
                          default -> key.getValueType().name().toLowerCase(Locale.ROOT);
                        })
            .toList();
    assertThat(registered).containsExactlyInAnyOrderElementsOf(used);
  }
}
