package dev.peercode.gateway.web;

import dev.peercode.api.lock.LockView;
import dev.peercode.api.planner.DebateDtos;
import dev.peercode.api.planner.ProjectDtos;
import dev.peercode.gateway.identity.Caller;
import io.quarkus.qute.TemplateData;

/**
 * The types the layout, the user tags and the included debate body read without type information (Qute
 * checks only a checked template's own expressions): value resolvers are generated for these at build
 * time, so nothing is resolved by reflection.
 */
@TemplateData(target = Caller.class)
@TemplateData(target = Templates.Page.class)
@TemplateData(target = ProjectDtos.ProjectView.class)
@TemplateData(target = DebateDtos.DebateView.class)
@TemplateData(target = DebateDtos.ResponseView.class)
@TemplateData(target = LockView.class)
final class UiTemplateData {

    private UiTemplateData() {
    }
}
