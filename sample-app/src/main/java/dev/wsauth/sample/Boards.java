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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.stereotype.Component;

/**
 * Board membership, referenced from topic rules as {@code @boards}. The boards are fixed
 * ({@code b1}, {@code b2}); their members change. In memory, or, when the application has
 * Redis (the {@code cluster} profile), in one Redis set per board shared by every node
 * and seeded once with the initial members.
 *
 * @author wsauth
 */
@Component("boards")
public class Boards {

	private static final Map<String, Set<String>> INITIAL_MEMBERS = Map.of("b1", Set.of("alice", "bob"), "b2",
			Set.of("bob"));

	private final Store store;

	Boards(ObjectProvider<StringRedisTemplate> redis, Environment environment) {
		StringRedisTemplate template = redis.getIfAvailable();
		this.store = (template != null)
				? new RedisStore(template, environment.getProperty("sample.boards.key-prefix", "wsauth-sample:boards:"))
				: new MemoryStore();
	}

	/**
	 * Return whether a user is a member of a board.
	 * @param userName the user name
	 * @param boardId the board id
	 * @return {@code true} if a member
	 */
	public boolean isMember(String userName, String boardId) {
		return exists(boardId) && this.store.isMember(boardId, userName);
	}

	/**
	 * Return whether a board exists.
	 * @param boardId the board id
	 * @return {@code true} for {@code b1} and {@code b2}
	 */
	public boolean exists(String boardId) {
		return INITIAL_MEMBERS.containsKey(boardId);
	}

	/**
	 * Return the board ids.
	 * @return {@code b1} and {@code b2}, sorted
	 */
	public SortedSet<String> ids() {
		return new TreeSet<>(INITIAL_MEMBERS.keySet());
	}

	/**
	 * Return the members of an existing board.
	 * @param boardId the board id
	 * @return the members, sorted
	 */
	public SortedSet<String> members(String boardId) {
		return new TreeSet<>(this.store.members(boardId));
	}

	/**
	 * Add a member to an existing board.
	 * @param boardId the board id
	 * @param userName the user name
	 */
	public void add(String boardId, String userName) {
		this.store.add(boardId, userName);
	}

	/**
	 * Remove a member from an existing board.
	 * @param boardId the board id
	 * @param userName the user name
	 */
	public void remove(String boardId, String userName) {
		this.store.remove(boardId, userName);
	}

	private interface Store {

		boolean isMember(String boardId, String userName);

		Set<String> members(String boardId);

		void add(String boardId, String userName);

		void remove(String boardId, String userName);

	}

	private static final class MemoryStore implements Store {

		private final Map<String, Set<String>> members = new ConcurrentHashMap<>();

		MemoryStore() {
			INITIAL_MEMBERS.forEach((board, users) -> {
				Set<String> set = ConcurrentHashMap.newKeySet();
				set.addAll(users);
				this.members.put(board, set);
			});
		}

		@Override
		public boolean isMember(String boardId, String userName) {
			return this.members.getOrDefault(boardId, Set.of()).contains(userName);
		}

		@Override
		public Set<String> members(String boardId) {
			return Set.copyOf(this.members.getOrDefault(boardId, Set.of()));
		}

		@Override
		public void add(String boardId, String userName) {
			this.members.get(boardId).add(userName);
		}

		@Override
		public void remove(String boardId, String userName) {
			this.members.get(boardId).remove(userName);
		}

	}

	/**
	 * One set per board. The first node to start seeds every board with its initial
	 * members, atomically and once (a marker key records it), so that a board emptied
	 * later stays empty.
	 */
	private static final class RedisStore implements Store {

		private static final DefaultRedisScript<Long> SEED = new DefaultRedisScript<>("""
				if redis.call('SETNX', KEYS[1], '1') == 0 then return 0 end
				for i = 1, #ARGV do
				  local sep = string.find(ARGV[i], ':', 1, true)
				  redis.call('SADD', KEYS[tonumber(string.sub(ARGV[i], 1, sep - 1))], string.sub(ARGV[i], sep + 1))
				end
				return 1
				""", Long.class);

		private final StringRedisTemplate redis;

		private final String keyPrefix;

		private volatile boolean seeded;

		RedisStore(StringRedisTemplate redis, String keyPrefix) {
			this.redis = redis;
			this.keyPrefix = keyPrefix;
		}

		@Override
		public boolean isMember(String boardId, String userName) {
			return Boolean.TRUE.equals(this.redis.opsForSet().isMember(key(boardId), userName));
		}

		@Override
		public Set<String> members(String boardId) {
			Set<String> members = this.redis.opsForSet().members(key(boardId));
			return (members != null) ? members : Set.of();
		}

		@Override
		public void add(String boardId, String userName) {
			this.redis.opsForSet().add(key(boardId), userName);
		}

		@Override
		public void remove(String boardId, String userName) {
			this.redis.opsForSet().remove(key(boardId), userName);
		}

		private String key(String boardId) {
			seed();
			return this.keyPrefix + boardId;
		}

		private void seed() {
			if (this.seeded) {
				return;
			}
			List<String> keys = new ArrayList<>(List.of(this.keyPrefix + "seeded"));
			List<String> members = new ArrayList<>();
			INITIAL_MEMBERS.forEach((board, users) -> {
				keys.add(this.keyPrefix + board);
				users.forEach((user) -> members.add(keys.size() + ":" + user));
			});
			this.redis.execute(SEED, keys, members.toArray());
			this.seeded = true;
		}

	}

}
