package com.dispatchbot.cli.ops;

/** Why the knowledge base could not be asked, in words an operator can act on. */
final class Knowledge {
  private Knowledge() {}

  static String whyUnavailable(Throwable e) {
    String root = OpsCommand.rootMessage(e);
    if (root.contains("Lock held") || root.startsWith("another store")) {
      // the embedded store belongs to one process, and the running app has it
      return "the embedded knowledge store (KNOWLEDGE_DIR) is open in a running app; run this"
          + " with KNOWLEDGE_DIR pointing at a copy of it, or use OpenSearch (VECTOR_STORE_URL)";
    }
    return root;
  }
}
