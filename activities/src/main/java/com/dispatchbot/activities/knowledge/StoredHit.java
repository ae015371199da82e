package com.dispatchbot.activities.knowledge;

/** A chunk a store found, with the store's score for it (see {@link KnowledgeStore}). */
public record StoredHit(KnowledgeChunk chunk, double score) {}
