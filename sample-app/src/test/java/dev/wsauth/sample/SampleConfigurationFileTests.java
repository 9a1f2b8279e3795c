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

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's configuration files set no property that Spring Boot has removed: a key
 * whose metadata says it is deprecated at level {@code error} is read by nothing, so the
 * setting would silently not apply (as {@code spring.session.redis.namespace} did not).
 */
class SampleConfigurationFileTests {

	@ParameterizedTest
	@ValueSource(strings = { "application.yml", "application-cluster.yml" })
	void setsNoPropertyThatSpringBootNoLongerReads(String file) throws IOException {
		Map<String, String> removed = removedProperties();
		assertThat(removed).as("removed properties in the configuration metadata").isNotEmpty();
		Set<String> keys = new TreeSet<>();
		for (PropertySource<?> source : new YamlPropertySourceLoader().load(file, new ClassPathResource(file))) {
			Collections.addAll(keys, ((EnumerablePropertySource<?>) source).getPropertyNames());
		}
		assertThat(keys).isNotEmpty();
		Map<String, String> set = new LinkedHashMap<>();
		for (String key : keys) {
			if (removed.containsKey(key)) {
				set.put(key, removed.get(key));
			}
		}
		assertThat(set).as("removed properties %s sets, with their replacements", file).isEmpty();
	}

	/** Every removed property of the classpath's metadata, with its replacement. */
	private static Map<String, String> removedProperties() throws IOException {
		Map<String, String> removed = new LinkedHashMap<>();
		JsonMapper mapper = JsonMapper.builder().build();
		List<URL> files = Collections.list(SampleConfigurationFileTests.class.getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"));
		for (URL url : files) {
			try (InputStream in = url.openStream()) {
				for (JsonNode property : mapper.readTree(in).path("properties")) {
					JsonNode deprecation = property.path("deprecation");
					if ("error".equals(deprecation.path("level").asString(""))) {
						removed.put(property.path("name").asString(), deprecation.path("replacement").asString(""));
					}
				}
			}
		}
		return removed;
	}

}
