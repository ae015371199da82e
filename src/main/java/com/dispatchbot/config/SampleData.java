package com.dispatchbot.config;

import com.dispatchbot.activities.booking.Technician;
import com.dispatchbot.activities.booking.TechnicianRoster;
import com.dispatchbot.activities.knowledge.DocumentRejectedException;
import com.dispatchbot.activities.knowledge.KnowledgeBase;
import com.dispatchbot.activities.knowledge.KnowledgeDocuments.GoldenQuestion;
import com.dispatchbot.activities.knowledge.NewDocument;
import com.dispatchbot.activities.knowledge.eval.GoldenQuestions;
import com.dispatchbot.security.Accounts;
import com.dispatchbot.security.AuthProperties;
import com.dispatchbot.security.DispatchPrincipal.Role;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads the sample tenant {@code demo} (a plumbing and HVAC company), its technicians and its
 * knowledge base (with the golden questions a full reindex is checked against) when SAMPLE_DATA is
 * true. Upserts: running it on every start leaves one row per tenant, technician and document with
 * the shipped data, and re-embeds only documents whose checksum changed.
 *
 * <p>While the sample tenant has no API key and no console user, it also gets a caller key and two
 * users ({@code demo-operator}, {@code demo-admin}) with random passwords, written once to
 * DEMO_CREDENTIALS_FILE (mode 600). The log names the file, never a secret.
 */
@Component
class SampleData implements ApplicationRunner {
  private static final Logger log = LoggerFactory.getLogger(SampleData.class);
  private static final String TENANT_FILE = "sample-data/demo-tenant.json";
  private static final String TECHNICIANS_FILE = "sample-data/demo-technicians.json";
  private static final String KNOWLEDGE_FOLDER = "sample-data/knowledge/";
  private static final String GOLDEN_FILE = "golden.json";

  private final JdbcClient jdbc;
  private final DispatchProperties properties;
  private final TechnicianRoster technicians;
  private final KnowledgeBase knowledge;
  private final Accounts accounts;
  private final AuthProperties auth;
  private final TransactionTemplate transactions;

  SampleData(
      JdbcClient jdbc,
      DispatchProperties properties,
      TechnicianRoster technicians,
      KnowledgeBase knowledge,
      Accounts accounts,
      AuthProperties auth,
      TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.technicians = technicians;
    this.knowledge = knowledge;
    this.accounts = accounts;
    this.auth = auth;
    this.transactions = transactions;
  }

  @Override
  public void run(ApplicationArguments args) throws IOException {
    if (!properties.sampleData()) {
      return;
    }
    JsonNode tenant = read(TENANT_FILE);
    jdbc.sql(
            """
            insert into tenants (id, name, timezone, phone, profile)
            values (?, ?, ?, ?, cast(? as jsonb))
            on conflict (id) do update
               set name = excluded.name, timezone = excluded.timezone, phone = excluded.phone,
                   profile = excluded.profile, updated_at = now()
             where tenants.profile is distinct from excluded.profile
                or tenants.name is distinct from excluded.name
            """)
        .params(
            tenant.path("id").asText(),
            tenant.path("name").asText(),
            tenant.path("timezone").asText(),
            tenant.path("phone").asText(),
            tenant.path("profile").toString())
        .update();
    JsonNode roster = read(TECHNICIANS_FILE);
    List<Technician> team = TechnicianRoster.fromJson(roster.path("technicians"));
    int changed = technicians.upsert(roster.path("tenantId").asText(), team);
    log.info(
        "sample tenant '{}' is loaded with {} technicians ({} changed)",
        tenant.path("id").asText(),
        team.size(),
        changed);
    demoCredentials(tenant.path("id").asText());
    try {
      loadKnowledge(tenant.path("id").asText());
    } catch (DocumentRejectedException e) {
      if (e.reason() != DocumentRejectedException.Reason.INDEX_MISMATCH) {
        throw e;
      }
      // The app still serves; knowledge answers wait for the rebuild the message asks for.
      log.warn("sample knowledge base not loaded: {}", e.getMessage());
    }
  }

  /** A first key and users for the sample tenant, so the quick start can log in and call. */
  private void demoCredentials(String tenantId) throws IOException {
    if (!accounts.hasNoCredentials(tenantId)) {
      log.info(
          "sample tenant '{}' has API keys or users already; its first credentials were written to"
              + " {} when they were created",
          tenantId,
          auth.demoCredentialsFile().toAbsolutePath().normalize());
      return;
    }
    Path file = auth.demoCredentialsFile().toAbsolutePath().normalize();
    String operatorPassword = accounts.generatePassword();
    String adminPassword = accounts.generatePassword();
    // created empty with mode 600 before any secret goes in
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.deleteIfExists(file);
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(file);
    }
    // one transaction: the accounts exist only when their file was written
    try {
      transactions.executeWithoutResult(
          tx -> {
            Accounts.IssuedKey key =
                accounts.createApiKey(tenantId, "demo caller key", Role.CALLER_API);
            accounts.createUser(tenantId, tenantId + "-operator", operatorPassword, Role.OPERATOR);
            accounts.createUser(tenantId, tenantId + "-admin", adminPassword, Role.ADMIN);
            writeCredentials(file, tenantId, key, operatorPassword, adminPassword);
          });
    } catch (com.dispatchbot.api.ApiProblem e) {
      // e.g. another tenant holds the username: the app still serves; an admin can be made by hand
      Files.deleteIfExists(file);
      log.warn("sample tenant '{}': no demo credentials created: {}", tenantId, e.getMessage());
      return;
    }
    log.info(
        "sample tenant '{}': a caller API key and the users {}-operator and {}-admin were created;"
            + " their secrets are in {}",
        tenantId,
        tenantId,
        tenantId,
        file);
  }

  private static void writeCredentials(
      Path file,
      String tenantId,
      Accounts.IssuedKey key,
      String operatorPassword,
      String adminPassword) {
    try (Writer out =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING)) {
      out.write(
          "# dispatch-bot: first credentials of the sample tenant, written once. Keep this file"
              + " private.\n"
              + "# Console: /console/login. API: Authorization: Bearer <caller_api_key>.\n"
              + "tenant="
              + tenantId
              + "\ncaller_api_key="
              + key.key()
              + "\ncaller_api_key_id="
              + key.id()
              + "\noperator_username="
              + tenantId
              + "-operator\noperator_password="
              + operatorPassword
              + "\nadmin_username="
              + tenantId
              + "-admin\nadmin_password="
              + adminPassword
              + "\n");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write the demo credentials to " + file, e);
    }
  }

  private void loadKnowledge(String tenantId) throws IOException {
    Resource[] files =
        new PathMatchingResourcePatternResolver()
            .getResources("classpath:" + KNOWLEDGE_FOLDER + tenantId + "/*");
    int added = 0;
    int documents = 0;
    for (Resource file : files) {
      String name = file.getFilename();
      if (name == null || name.equals(GOLDEN_FILE)) {
        continue;
      }
      documents++;
      try (InputStream in = file.getInputStream()) {
        NewDocument doc =
            new NewDocument(null, null, "sample-kb", null, null, in.readAllBytes(), null, name);
        if (knowledge.ingest(tenantId, doc).changed()) {
          added++;
        }
      }
    }
    Resource golden = new ClassPathResource(KNOWLEDGE_FOLDER + tenantId + "/" + GOLDEN_FILE);
    int questions = 0;
    if (golden.exists()) {
      try (InputStream in = golden.getInputStream()) {
        List<GoldenQuestion> loaded =
            GoldenQuestions.load(in).stream()
                .map(q -> new GoldenQuestion(q.question(), q.documentId(), q.answer()))
                .toList();
        knowledge.documents().saveGoldenQuestions(tenantId, loaded);
        questions = loaded.size();
      }
    }
    log.info(
        "sample knowledge base of '{}': {} documents ({} embedded anew), {} golden questions",
        tenantId,
        documents,
        added,
        questions);
  }

  private static JsonNode read(String file) throws IOException {
    try (InputStream in = new ClassPathResource(file).getInputStream()) {
      return new ObjectMapper().readTree(in);
    }
  }
}
