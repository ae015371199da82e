package com.dispatchbot.api.knowledge;

import com.dispatchbot.activities.knowledge.ChunkFilter;
import com.dispatchbot.activities.knowledge.DocumentRejectedException;
import com.dispatchbot.activities.knowledge.KnowledgeBase;
import com.dispatchbot.activities.knowledge.KnowledgeBase.IngestResult;
import com.dispatchbot.activities.knowledge.NewDocument;
import com.dispatchbot.activities.knowledge.SearchHit;
import com.dispatchbot.api.ApiProblem;
import com.dispatchbot.security.AuditLog;
import com.dispatchbot.security.DispatchPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * A tenant's knowledge base: add, replace and delete documents, search them, and reindex. The
 * tenant is the API key's (or console user's). Search is open to caller keys; changes and reindex
 * need an admin, and each is written to the audit log.
 */
@RestController
@RequestMapping("/v1/knowledge")
class KnowledgeController {
  private final KnowledgeBase knowledge;
  private final Reindexing reindexing;
  private final AuditLog audit;

  KnowledgeController(KnowledgeBase knowledge, Reindexing reindexing, AuditLog audit) {
    this.knowledge = knowledge;
    this.reindexing = reindexing;
    this.audit = audit;
  }

  /** Metadata a caller may give a document. */
  record DocumentMetadata(
      @Size(max = 200) String source, @Size(max = 50) List<@Size(max = 50) String> tags) {}

  record DocumentRequest(
      @Size(max = 128) String id,
      @Size(max = 300) String title,
      String text,
      @Parameter(description = "text/markdown (default), text/plain or text/html")
          String contentType,
      @Valid DocumentMetadata metadata) {}

  record DocumentResponse(
      String documentId, String title, int chunks, boolean changed, String checksum) {
    static DocumentResponse of(IngestResult r) {
      return new DocumentResponse(r.documentId(), r.title(), r.chunks(), r.changed(), r.checksum());
    }
  }

  @Operation(
      summary = "Add or replace a document (JSON)",
      description =
          "201 when the document was added or changed (its chunks are re-embedded), 200 when it was"
              + " already there unchanged. Without an id, the title's slug is the id, so posting"
              + " the same document again replaces it.")
  @PostMapping(value = "/documents", consumes = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<DocumentResponse> add(
      @AuthenticationPrincipal DispatchPrincipal admin,
      @Valid @RequestBody DocumentRequest request) {
    if (request.text() == null || request.text().isBlank()) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "Empty document", "text is required");
    }
    DocumentMetadata meta = request.metadata();
    NewDocument doc =
        new NewDocument(
            request.id(),
            request.title(),
            meta == null ? null : meta.source(),
            meta == null ? null : meta.tags(),
            request.text(),
            null,
            request.contentType() == null ? "text/markdown" : request.contentType(),
            null);
    return created(admin, knowledge.ingest(admin.tenantId(), doc));
  }

  @Operation(
      summary = "Add or replace a document (file upload)",
      description = "Markdown, text, HTML or PDF; metadata from the fields, else from the file.")
  @PostMapping(value = "/documents", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  ResponseEntity<DocumentResponse> upload(
      @AuthenticationPrincipal DispatchPrincipal admin,
      @RequestPart("file") MultipartFile file,
      @RequestParam(required = false) String id,
      @RequestParam(required = false) String title,
      @RequestParam(required = false) String source,
      @Parameter(description = "comma-separated") @RequestParam(required = false) String tags)
      throws IOException {
    if (file.isEmpty()) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "Empty document", "the uploaded file is empty");
    }
    NewDocument doc =
        new NewDocument(
            id,
            title,
            source,
            tags == null ? null : Arrays.stream(tags.split(",")).map(String::strip).toList(),
            null,
            file.getBytes(),
            file.getContentType(),
            file.getOriginalFilename());
    return created(admin, knowledge.ingest(admin.tenantId(), doc));
  }

  @Operation(summary = "Delete a document and its chunks")
  @DeleteMapping("/documents/{id}")
  ResponseEntity<Void> delete(
      @AuthenticationPrincipal DispatchPrincipal admin, @PathVariable String id) {
    if (!knowledge.delete(admin.tenantId(), id)) {
      throw ApiProblem.notFound("no document '" + id + "'");
    }
    audit.record(admin, "knowledge.document.delete", "knowledge_document", id, Map.of());
    return ResponseEntity.noContent().build();
  }

  @Operation(
      summary = "Search the knowledge base (hybrid BM25 + vector)",
      description =
          "filter: field:value pairs, comma-separated, all must hold; fields: documentId, title,"
              + " source, tag. Hits under the relevance threshold are left out.")
  @GetMapping("/search")
  List<SearchHit> search(
      @AuthenticationPrincipal DispatchPrincipal caller,
      @RequestParam(required = false) String q,
      @RequestParam(defaultValue = "5") int k,
      @RequestParam(required = false) String filter) {
    if (q == null || q.isBlank()) {
      throw new ApiProblem(HttpStatus.BAD_REQUEST, "Missing query", "pass the question as q=...");
    }
    return knowledge.search(caller.tenantId(), q, k, ChunkFilter.parse(filter));
  }

  record ReindexRequest(@Parameter(description = "incremental (default) or full") String mode) {}

  @Operation(
      summary =
          "Reindex: incremental (changed documents) or full (new index + verified alias swap)",
      description = "202 with the workflow id; 409 while another reindex runs.")
  @PostMapping("/reindex")
  ResponseEntity<Reindexing.Status> reindex(
      @AuthenticationPrincipal DispatchPrincipal admin,
      @RequestBody(required = false) ReindexRequest request) {
    Reindexing.Status status =
        reindexing.start(request == null ? null : request.mode(), admin.tenantId());
    audit.record(
        admin,
        "knowledge.reindex.start",
        "workflow",
        status.workflowId(),
        Map.of("mode", status.progress().mode().name().toLowerCase(java.util.Locale.ROOT)));
    return ResponseEntity.accepted().location(URI.create("/v1/knowledge/reindex")).body(status);
  }

  @Operation(summary = "The current or last reindex: its phase, progress and report")
  @GetMapping("/reindex")
  Reindexing.Status reindexStatus(@AuthenticationPrincipal DispatchPrincipal admin) {
    return reindexing.status(admin.tenantId());
  }

  @ExceptionHandler(DocumentRejectedException.class)
  ProblemDetail rejected(DocumentRejectedException e) {
    HttpStatus status =
        switch (e.reason()) {
          case INVALID -> HttpStatus.BAD_REQUEST;
          case UNKNOWN_TENANT, NOT_FOUND -> HttpStatus.NOT_FOUND;
          case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
          case UNSUPPORTED_TYPE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
          case INDEX_MISMATCH -> HttpStatus.CONFLICT;
        };
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
    problem.setTitle("Document rejected");
    return problem;
  }

  private ResponseEntity<DocumentResponse> created(DispatchPrincipal admin, IngestResult result) {
    if (result.changed()) {
      Map<String, Object> detail = new LinkedHashMap<>();
      detail.put("title", result.title());
      detail.put("chunks", result.chunks());
      detail.put("checksum", result.checksum());
      audit.record(
          admin, "knowledge.document.upsert", "knowledge_document", result.documentId(), detail);
    }
    return ResponseEntity.status(result.changed() ? HttpStatus.CREATED : HttpStatus.OK)
        .location(URI.create("/v1/knowledge/documents/" + result.documentId()))
        .body(DocumentResponse.of(result));
  }
}
