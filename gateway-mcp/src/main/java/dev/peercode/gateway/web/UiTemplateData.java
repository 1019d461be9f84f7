package dev.peercode.gateway.web;

import dev.peercode.gateway.client.LockDtos;
import dev.peercode.gateway.client.PlannerDtos;
import dev.peercode.gateway.identity.Caller;
import io.quarkus.qute.TemplateData;

/**
 * The types the layout, the user tags and the included debate body read without type information (Qute
 * checks only a checked template's own expressions): value resolvers are generated for these at build
 * time, so nothing is resolved by reflection.
 */
@TemplateData(target = Caller.class)
@TemplateData(target = Templates.Page.class)
@TemplateData(target = PlannerDtos.ProjectView.class)
@TemplateData(target = PlannerDtos.DebateView.class)
@TemplateData(target = PlannerDtos.DebateResponseView.class)
@TemplateData(target = LockDtos.LockView.class)
final class UiTemplateData {

    private UiTemplateData() {
    }
}
