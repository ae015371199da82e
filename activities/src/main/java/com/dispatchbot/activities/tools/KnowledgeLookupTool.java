package com.dispatchbot.activities.tools;

import static com.dispatchbot.activities.tools.CalendarJson.NODES;

import com.dispatchbot.workflows.knowledge.KnowledgeActivities;
import com.dispatchbot.workflows.knowledge.KnowledgeActivities.ContextChunk;
import com.dispatchbot.workflows.knowledge.KnowledgeActivities.RetrieveRequest;
import com.dispatchbot.workflows.knowledge.KnowledgeActivities.RetrievedContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * {@code knowledge_lookup}: the tenant's knowledge base, through the same retrieval as the
 * conversation's knowledge answers (hybrid search, the relevance threshold, the tenant filter). The
 * knowledge store is opened on the first lookup, not when the registry is built.
 */
@Component
public class KnowledgeLookupTool implements Tool {
  static final String NAME = "knowledge_lookup";

  private final Supplier<KnowledgeActivities> knowledge;

  @Autowired
  public KnowledgeLookupTool(ObjectProvider<KnowledgeActivities> knowledge) {
    this(knowledge::getObject);
  }

  KnowledgeLookupTool(Supplier<KnowledgeActivities> knowledge) {
    this.knowledge = knowledge;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Search the business's own knowledge base (prices, services, policies, warranties,"
        + " how-to and safety advice) for passages that answer the caller's question. Answer"
        + " only from the passages returned; when found is false, do not guess: say you will"
        + " have someone follow up.";
  }

  @Override
  public JsonObjectSchema parameters() {
    return JsonObjectSchema.builder()
        .addStringProperty("question", "The caller's question as one self-contained sentence.")
        .required("question")
        .additionalProperties(false)
        .build();
  }

  @Override
  public JsonNode execute(ToolContext context, JsonNode arguments) {
    String question =
        new Arguments(arguments).required("question", 500, "the caller's question as one sentence");
    RetrievedContext found =
        knowledge.get().retrieveContext(new RetrieveRequest(context.tenantId(), question, 0));
    ObjectNode result = NODES.objectNode();
    result.put("found", found.relevant());
    ArrayNode passages = result.putArray("passages");
    for (ContextChunk chunk : found.chunks()) {
      ObjectNode p = passages.addObject();
      p.put("ref", chunk.ref());
      p.put("title", chunk.title());
      p.put("text", chunk.text());
      p.put("score", Math.round(chunk.score() * 1000) / 1000.0);
    }
    result.put(
        "next_step",
        found.relevant()
            ? "Answer from these passages only, briefly, in your own words."
            : "Nothing in the knowledge base answers this; do not guess. Offer to have a person"
                + " follow up.");
    return result;
  }
}
