package dev.peercode.planner.replan;

import java.util.List;

/** The analysis: findings in a stable order, all proposed operations once each, the critical path. */
public record Analysis(List<Finding> findings, List<PlanOperation> operations, List<String> criticalPath) {
}
