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

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the configuration metadata the build generates from {@link WsAuthProperties}:
 * it must exist on every JDK the build claims (from JDK 23 on javac runs only the
 * processors named on its processor path), describe every property, and match the
 * README's table. The metadata includes the {@code management.endpoint.wsauth.*} keys
 * Spring Boot's processor generates for the Actuator endpoint.
 */
class ConfigurationMetadataTests {

	private static final Pattern README_KEY = Pattern
		.compile("^\\| `((?:wsauth\\.|management\\.endpoint\\.wsauth\\.)[^`]+)`", Pattern.MULTILINE);

	@Test
	void theBuildShipsMetadataDescribingEveryPropertyTheReadmeDocuments() throws IOException {
		Map<String, String> metadata = metadataDescriptions();
		Set<String> documented = readmeKeys();
		assertThat(metadata.keySet()).containsExactlyInAnyOrderElementsOf(documented);
		assertThat(metadata).allSatisfy((name, description) -> assertThat(description).as(name).isNotBlank());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> metadataDescriptions() throws IOException {
		try (InputStream in = ConfigurationMetadataTests.class.getClassLoader()
			.getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("META-INF/spring-configuration-metadata.json").isNotNull();
			Map<String, Object> json = JsonParserFactory.getJsonParser()
				.parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8));
			Map<String, String> descriptions = new TreeMap<>();
			for (Object property : (List<Object>) json.get("properties")) {
				Map<String, Object> entry = (Map<String, Object>) property;
				descriptions.put((String) entry.get("name"), (String) entry.get("description"));
			}
			return descriptions;
		}
	}

	private static Set<String> readmeKeys() throws IOException {
		String readme = Files.readString(Path.of("..", "README.md"));
		Set<String> keys = new TreeSet<>();
		Matcher matcher = README_KEY.matcher(readme);
		while (matcher.find()) {
			// A list of rules is one property; the README documents its items' fields.
			keys.add(matcher.group(1).replaceFirst("\\[n\\]\\..*$", ""));
		}
		return keys;
	}

}
