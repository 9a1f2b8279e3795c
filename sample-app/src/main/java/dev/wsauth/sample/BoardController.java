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
import java.util.Objects;

import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.user.SimpSubscription;
import org.springframework.messaging.simp.user.SimpUserRegistry;
import org.springframework.stereotype.Controller;

import dev.wsauth.socket.WsAuthAttributes;

/**
 * Board events: who is typing, who joined and how many are watching.
 *
 * @author wsauth
 */
@Controller
class BoardController {

	private final SimpUserRegistry userRegistry;

	BoardController(SimpUserRegistry userRegistry) {
		this.userRegistry = userRegistry;
	}

	@MessageMapping("/boards.{boardId}.typing")
	@SendTo("/topic/boards.{boardId}")
	Map<String, Object> typing(@DestinationVariable String boardId, SimpMessageHeaderAccessor headers) {
		return Map.of("type", "user_typing", "user", profile(headers));
	}

	@MessageMapping("/boards.{boardId}.join")
	@SendTo("/topic/boards.{boardId}")
	Map<String, Object> join(@DestinationVariable String boardId, SimpMessageHeaderAccessor headers) {
		String topic = "/topic/boards." + boardId;
		long viewers = this.userRegistry
			.findSubscriptions((subscription) -> topic.equals(subscription.getDestination()))
			.stream()
			.map(SimpSubscription::getSession)
			.map((session) -> session.getUser().getName())
			.distinct()
			.count();
		return Map.of("type", "user_joined", "user", profile(headers), "viewers", viewers);
	}

	private static UserProfile profile(SimpMessageHeaderAccessor headers) {
		return (UserProfile) Objects.requireNonNull(WsAuthAttributes.userData(headers.getSessionAttributes()));
	}

}
