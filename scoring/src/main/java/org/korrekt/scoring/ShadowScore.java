package org.korrekt.scoring;

/**
 * What a challenger bundle running in shadow would have decided: scored and recorded, never acted on.
 *
 * @param profile the challenger's profile
 * @param modelVersion the challenger's version
 * @param score its calibrated score
 * @param action the action it would have taken (before rule hits and the random control draw)
 */
public record ShadowScore(String profile, String modelVersion, double score, Action action) {}
