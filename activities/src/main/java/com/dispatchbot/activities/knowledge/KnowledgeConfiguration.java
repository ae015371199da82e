package com.dispatchbot.activities.knowledge;

import com.dispatchbot.activities.intent.SentenceEncoder;
import com.dispatchbot.activities.llm.LlmProperties;
import com.dispatchbot.activities.tenant.TenantDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One place declares the knowledge base: the store (OpenSearch when VECTOR_STORE_URL is set, the
 * embedded Lucene store otherwise), the embedding model, the chunker and the search settings.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KnowledgeProperties.class)
public class KnowledgeConfiguration {
  private static final Logger log = LoggerFactory.getLogger(KnowledgeConfiguration.class);

  /** Most chunks a search may return (the API's k). */
  static final int MAX_TOP_K = 50;

  @Bean(destroyMethod = "close")
  KnowledgeStore knowledgeStore(KnowledgeProperties properties) {
    KnowledgeStore store =
        properties.openSearch()
            ? OpenSearchKnowledgeStore.connect(
                storeUrl(properties.vectorStoreUrl()), properties.vectorStoreIndex())
            : LuceneKnowledgeStore.open(
                Path.of(properties.dataDir()).toAbsolutePath(), properties.vectorStoreIndex());
    log.info("knowledge base: {}", properties);
    return store;
  }

  /** Parses VECTOR_STORE_URL without ever putting it (it may hold a password) in a message. */
  static URI storeUrl(String url) {
    try {
      URI uri = new URI(url);
      if (uri.getHost() == null || !List.of("http", "https").contains(uri.getScheme())) {
        throw new URISyntaxException("(hidden)", "no http(s) scheme or host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(
          "VECTOR_STORE_URL is not a valid http(s) URL ("
              + e.getReason()
              + "); percent-encode special characters of the user and password");
    }
  }

  @Bean
  KnowledgeDocuments knowledgeDocuments(JdbcClient jdbc) {
    return new KnowledgeDocuments(jdbc);
  }

  @Bean
  KnowledgeBase knowledgeBase(
      KnowledgeProperties properties,
      KnowledgeStore store,
      KnowledgeDocuments documents,
      TenantDirectory tenants,
      LlmProperties llm,
      ObjectProvider<PlatformTransactionManager> transactions,
      DataSource dataSource,
      ObjectProvider<MeterRegistry> meters) {
    SentenceEncoder encoder = encoder(properties, llm);
    PlatformTransactionManager tx =
        transactions.getIfAvailable(() -> new DataSourceTransactionManager(dataSource));
    return new KnowledgeBase(
        store,
        encoder,
        documents,
        new Chunker(properties.chunkSize(), properties.chunkOverlap()),
        new KnowledgeBase.Settings(
            properties.maxDocumentChars(), properties.search(), properties.topK(), MAX_TOP_K),
        tenants::exists,
        new TransactionTemplate(tx),
        Clock.systemUTC(),
        meters.getIfAvailable());
  }

  static SentenceEncoder encoder(KnowledgeProperties properties, LlmProperties llm) {
    if (properties.inProcessEmbeddings()) {
      return SentenceEncoder.miniLm();
    }
    if (!llm.hasApiKey() && llm.provider() != LlmProperties.Provider.LOCAL) {
      throw new IllegalStateException(
          "EMBEDDING_MODEL="
              + properties.embeddingModel()
              + " needs OPENAI_API_KEY (or LLM_PROVIDER=local with LLM_BASE_URL); unset it to use"
              + " the in-process model");
    }
    return new OpenAiSentenceEncoder(
        llm.effectiveBaseUrl().orElse("https://api.openai.com/v1"),
        llm.apiKey(),
        properties.embeddingModel(),
        llm.timeout());
  }
}
