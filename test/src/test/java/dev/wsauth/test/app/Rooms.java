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

package dev.wsauth.test.app;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Who is a member of which room: alice of r1, bob of r1 and r2, carol of r3 (which tests
 * may change).
 *
 * @author wsauth
 */
@Component("rooms")
public class Rooms {

	private final Map<String, Set<String>> members = new ConcurrentHashMap<>(
			Map.of("r1", Set.of("alice", "bob"), "r2", Set.of("bob"), "r3", Set.of("carol")));

	/**
	 * Return whether a user is a member of a room.
	 * @param user the user name
	 * @param room the room id
	 * @return {@code true} for a member
	 */
	public boolean isMember(String user, String room) {
		return this.members.getOrDefault(room, Set.of()).contains(user);
	}

	/**
	 * Replace the members of a room.
	 * @param room the room id
	 * @param members the new members
	 */
	public void setMembers(String room, Set<String> members) {
		this.members.put(room, Set.copyOf(members));
	}

}
