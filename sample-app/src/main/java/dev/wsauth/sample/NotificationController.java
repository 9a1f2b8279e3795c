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

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.messaging.simp.SimpMessageSendingOperations;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sends a notification to one user's {@code /user/queue/notifications}. ADMIN only.
 *
 * @author wsauth
 */
@RestController
class NotificationController {

	private final SimpMessageSendingOperations messaging;

	NotificationController(SimpMessageSendingOperations messaging) {
		this.messaging = messaging;
	}

	@PostMapping("/api/notify")
	ResponseEntity<Map<String, Object>> notify(@RequestBody NotifyRequest request) {
		if (!StringUtils.hasText(request.userId()) || request.message() == null) {
			return ResponseEntity.badRequest().body(Map.of("sent", false, "error", "userId and message are required"));
		}
		this.messaging.convertAndSendToUser(request.userId(), "/queue/notifications",
				Map.of("message", request.message()));
		return ResponseEntity.ok(Map.of("sent", true));
	}

	record NotifyRequest(@Nullable String userId, @Nullable String message) {

	}

}
