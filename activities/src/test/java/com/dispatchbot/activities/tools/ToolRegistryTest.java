package com.dispatchbot.activities.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dispatchbot.workflows.knowledge.KnowledgeActivities.RetrievedContext;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolRegistryTest {

  static ToolRegistry registry() {
    ToolFixtures.Calendar calendar = new ToolFixtures.Calendar();
    ToolExecutionLog offers = ToolFixtures.offers();
    AppointmentOwners owners = new AppointmentOwners(null);
    // the order of the beans does not matter
    return new ToolRegistry(
        List.of(
            new KnowledgeLookupTool(() -> request -> RetrievedContext.none()),
            new BusinessHoursTool(),
            new CancelAppointmentTool(calendar, owners),
            new CheckAvailabilityTool(calendar, ToolFixtures.map()),
            new FindAppointmentsTool(calendar),
            new BookAppointmentTool(calendar, ToolFixtures.map(), offers),
            new RescheduleAppointmentTool(calendar, offers, owners)));
  }

  @Test
  void givenEveryTool_theModelShouldBeOfferedEachOnceWithAUsableSchema() {
    List<ToolSpecification> specs = registry().specifications();

    assertThat(specs)
        .extracting(ToolSpecification::name)
        .containsExactly(
            "check_availability",
            "book_appointment",
            "reschedule_appointment",
            "cancel_appointment",
            "find_appointments",
            "business_hours",
            "knowledge_lookup");
    for (ToolSpecification spec : specs) {
      assertThat(spec.description()).as(spec.name()).hasSizeGreaterThan(80);
      JsonObjectSchema parameters = spec.parameters();
      assertThat(parameters.properties()).as(spec.name()).isNotNull();
      assertThat(parameters.properties().keySet())
          .as(spec.name() + ": every required parameter is described")
          .containsAll(parameters.required() == null ? List.of() : parameters.required());
    }
    assertThat(specs.get(1).parameters().required())
        .containsExactlyInAnyOrder("slot_id", "customer_name", "phone", "address");
  }

  @Test
  void givenAName_findShouldReturnThatToolOnly() {
    ToolRegistry registry = registry();

    assertThat(registry.find("book_appointment")).get().isInstanceOf(BookAppointmentTool.class);
    assertThat(registry.find("order_pizza")).isEmpty();
    assertThat(registry.find("Book_Appointment")).isEmpty();
    assertThat(registry.find(null)).isEmpty();
  }

  @Test
  void givenATool_itsParametersShouldRenderAsTheJsonSchemaTheModelIsSent() {
    Map<String, Object> schema =
        ToolRegistry.parametersSchema(registry().find("check_availability").orElseThrow());

    assertThat(schema).containsEntry("type", "object");
    assertThat(schema.get("required")).asList().containsExactly("service_type", "address");
    @SuppressWarnings("unchecked")
    Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
    assertThat(properties).containsKeys("service_type", "address", "date", "time_of_day");
    assertThat(properties.get("time_of_day").toString()).contains("afternoon");
  }

  @Test
  void givenTwoToolsOfOneNameOrABadName_theRegistryShouldRefuseToStart() {
    Tool hours = new BusinessHoursTool();
    assertThatThrownBy(() -> new ToolRegistry(List.of(hours, new BusinessHoursTool())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("business_hours");
    Tool spaced =
        new BusinessHoursTool() {
          @Override
          public String name() {
            return "Business Hours";
          }

          @Override
          public JsonNode execute(ToolContext context, JsonNode arguments) {
            return null;
          }
        };
    assertThatThrownBy(() -> new ToolRegistry(List.of(spaced)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Business Hours");
  }
}
