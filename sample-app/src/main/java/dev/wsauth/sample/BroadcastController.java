/*
 * Copyright 2026 the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.wsauth.sample;

import java.security.Principal;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Publishes a message to {@code /topic/announcements} (every logged-in user) or
 * {@code /topic/admin} (ADMIN only, by the topic rule) as {@code {"text":…,"from":…}}.
 * ADMIN only, like {@code /api/notify}.
 *
 * @author wsauth
 */
@RestController
final class BroadcastController {

	/** The longest text accepted: a demo form, not a file upload. */
	static final int MAX_TEXT_LENGTH = 500;

	private static final Map<String, String> DESTINATIONS = Map.of("announcements", "/topic/announcements", "admin",
			"/topic/admin");

	private final SimpMessageSendingOperations messaging;

	BroadcastController(SimpMessageSendingOperations messaging) {
		this.messaging = messaging;
	}

	@PostMapping("/api/broadcast")
	ResponseEntity<Map<String, Object>> broadcast(@RequestBody BroadcastRequest request, Principal principal) {
		String destination = (request.topic() != null) ? DESTINATIONS.get(request.topic()) : null;
		if (destination == null) {
			return badRequest("topic must be announcements or admin");
		}
		String text = request.text();
		if (!StringUtils.hasText(text) || text.length() > MAX_TEXT_LENGTH) {
			return badRequest("text is required, at most " + MAX_TEXT_LENGTH + " characters");
		}
		Object payload = Map.of("text", text, "from", principal.getName());
		this.messaging.convertAndSend(destination, payload);
		return ResponseEntity.ok(Map.of("sent", true, "destination", destination));
	}

	private static ResponseEntity<Map<String, Object>> badRequest(String error) {
		return ResponseEntity.badRequest().body(Map.of("sent", false, "error", error));
	}

	/**
	 * The form the admin page posts.
	 *
	 * @param topic {@code announcements} or {@code admin}
	 * @param text the text to publish
	 */
	record BroadcastRequest(@Nullable String topic, @Nullable String text) {

	}

}
