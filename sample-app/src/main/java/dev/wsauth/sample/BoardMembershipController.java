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

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.wsauth.reauthorization.WebSocketAuthorizations;

/**
 * Adds and removes board members (ADMIN only), then has wsauth re-evaluate that user's
 * live subscriptions on every node: a removed member's subscription to the board's topic
 * is dropped at once.
 *
 * @author wsauth
 */
@RestController
class BoardMembershipController {

	private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

	private final Boards boards;

	private final WebSocketAuthorizations authorizations;

	BoardMembershipController(Boards boards, WebSocketAuthorizations authorizations) {
		this.boards = boards;
		this.authorizations = authorizations;
	}

	@PutMapping("/api/boards/{boardId}/members/{user}")
	ResponseEntity<Map<String, Object>> add(@PathVariable String boardId, @PathVariable String user) {
		return change(boardId, user, true);
	}

	@DeleteMapping("/api/boards/{boardId}/members/{user}")
	ResponseEntity<Map<String, Object>> remove(@PathVariable String boardId, @PathVariable String user) {
		return change(boardId, user, false);
	}

	private ResponseEntity<Map<String, Object>> change(String boardId, String user, boolean member) {
		if (!this.boards.exists(boardId)) {
			return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "unknown board"));
		}
		if (!USER_NAME.matcher(user).matches()) {
			return ResponseEntity.badRequest().body(Map.of("error", "invalid user name"));
		}
		if (member) {
			this.boards.add(boardId, user);
		}
		else {
			this.boards.remove(boardId, user);
		}
		this.authorizations.reevaluate(user);
		return ResponseEntity.ok(Map.of("board", boardId, "members", List.copyOf(this.boards.members(boardId))));
	}

}
