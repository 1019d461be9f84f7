package dev.peercode.planner.debate;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

@Entity
@Table(name = "debate_response")
@IdClass(DebateResponse.Key.class)
public class DebateResponse {

    @Id
    @Column(name = "debate_id")
    public String debateId;
    @Id
    public String session;
    public String choice;
    public String argument;
    @Column(name = "answered_at")
    public Instant answeredAt;

    public static class Key implements Serializable {
        public String debateId;
        public String session;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(debateId, k.debateId) && Objects.equals(session, k.session);
        }

        @Override
        public int hashCode() {
            return Objects.hash(debateId, session);
        }
    }
}
