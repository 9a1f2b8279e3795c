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
package dev.wsauth.autoconfigure;

import java.lang.reflect.Field;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisIndexedSessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;
import org.springframework.util.ReflectionUtils;

import dev.wsauth.redis.RedisSessionRecordRemover;
import dev.wsauth.redis.RedisSessionStateReader;
import dev.wsauth.session.SessionRecordRemover;
import dev.wsauth.session.SessionStateReader;

/**
 * Builds the {@link RedisSessionStateReader} and {@link RedisSessionRecordRemover} for a
 * Spring Session Data Redis repository.
 */
final class RedisSessionStateReaders {

	private RedisSessionStateReaders() {
	}

	static @Nullable SessionStateReader readerFor(SessionRepository<?> repository, StringRedisTemplate redis) {
		Store store = store(repository);
		return (store != null) ? new RedisSessionStateReader(redis, store.namespace(), store.indexed()) : null;
	}

	static SessionRecordRemover removerFor(SessionRepository<?> repository, StringRedisTemplate redis) {
		Store store = store(repository);
		return (store != null) ? new RedisSessionRecordRemover(redis, store.namespace()) : (sessionId) -> false;
	}

	/**
	 * Which Redis repository this is and under which namespace it keeps sessions, or
	 * {@code null} if it is not one of Spring Session Data Redis's or its namespace
	 * cannot be read.
	 */
	private static @Nullable Store store(SessionRepository<?> repository) {
		Object candidate = ultimateTarget(repository);
		boolean indexed = candidate instanceof RedisIndexedSessionRepository;
		if (!indexed && !(candidate instanceof RedisSessionRepository)) {
			return null;
		}
		String namespace = namespace(candidate, indexed ? "namespace" : "keyNamespace");
		return (namespace != null) ? new Store(namespace, indexed) : null;
	}

	/**
	 * Unwrap every proxy: a class-based proxy is an instance of the repository class too,
	 * but its own fields are empty.
	 */
	private static Object ultimateTarget(Object repository) {
		Object current = repository;
		Object target = AopProxyUtils.getSingletonTarget(current);
		while (target != null && target != current) {
			current = target;
			target = AopProxyUtils.getSingletonTarget(current);
		}
		return current;
	}

	/**
	 * Read the repository's key namespace. The repositories have a setter but no getter,
	 * and the namespace may come from {@code @EnableRedisHttpSession} rather than from a
	 * property; without it, the generic reader is used.
	 */
	private static @Nullable String namespace(Object repository, String fieldName) {
		Field field = ReflectionUtils.findField(repository.getClass(), fieldName, String.class);
		if (field == null) {
			return null;
		}
		ReflectionUtils.makeAccessible(field);
		Object value = ReflectionUtils.getField(field, repository);
		return (value instanceof String namespace && !namespace.isEmpty()) ? namespace : null;
	}

	private record Store(String namespace, boolean indexed) {
	}

}
