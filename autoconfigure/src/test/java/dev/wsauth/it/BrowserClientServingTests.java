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

package dev.wsauth.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bundled browser client as a real server serves it, behind the application's Spring
 * Security filter chain with its default headers.
 */
@SpringBootTest(classes = PlainSessionApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class BrowserClientServingTests {

	private static final Pattern ENTRY = Pattern
		.compile("export \\* from '\\./(wsauth-client\\.([0-9a-f]{16})\\.js)';\n");

	private static final String IMMUTABLE = "public, max-age=31536000, immutable";

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void entryModuleReExportsTheHashedBundleAndIsRevalidatedOnEveryLoad() throws Exception {
		HttpResponse<String> entry = get("/wsauth/wsauth-client.js");
		assertThat(entry.statusCode()).isEqualTo(200);
		assertThat(entry.body()).matches(ENTRY);
		assertThat(entry.headers().firstValue("Cache-Control")).hasValue("no-cache");
		assertThat(entry.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/javascript"));
		assertThat(entry.headers().firstValue("ETag")).hasValueSatisfying(BrowserClientServingTests::isStrong);
		assertThat(entry.headers().allValues("Pragma")).isEmpty();
		assertThat(entry.headers().allValues("Expires")).isEmpty();
	}

	@Test
	void entryModuleAnswers304ToItsETag() throws Exception {
		HttpResponse<String> entry = get("/wsauth/wsauth-client.js");
		String etag = entry.headers().firstValue("ETag").orElseThrow();
		HttpResponse<String> again = send(request("/wsauth/wsauth-client.js").header("If-None-Match", etag).GET());
		assertThat(again.statusCode()).isEqualTo(304);
		assertThat(again.body()).isEmpty();
		assertThat(again.headers().firstValue("ETag")).hasValue(etag);
		assertThat(again.headers().firstValue("Cache-Control")).hasValue("no-cache");
	}

	@Test
	void hashedBundleIsCachedAsImmutableForAYearAndAnswers304ToItsETag() throws Exception {
		String path = "/wsauth/" + bundleName();
		HttpResponse<String> bundle = get(path);
		assertThat(bundle.statusCode()).isEqualTo(200);
		assertThat(bundle.headers().firstValue("Cache-Control")).hasValue(IMMUTABLE);
		assertThat(bundle.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/javascript"));
		String etag = bundle.headers().firstValue("ETag").orElseThrow();
		isStrong(etag);
		HttpResponse<String> again = send(request(path).header("If-None-Match", etag).GET());
		assertThat(again.statusCode()).isEqualTo(304);
		assertThat(again.headers().firstValue("Cache-Control")).hasValue(IMMUTABLE);
		assertThat(send(request(path).header("If-None-Match", "\"other\"").GET()).statusCode()).isEqualTo(200);
	}

	@Test
	void servedBundleIsTheBuiltOneAndItsNameIsItsContentHash() throws Exception {
		byte[] built;
		try (InputStream input = new ClassPathResource("META-INF/wsauth/client/wsauth-client.js").getInputStream()) {
			built = input.readAllBytes();
		}
		HttpResponse<byte[]> served = this.http.send(request("/wsauth/" + bundleName()).GET().build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(served.body()).isEqualTo(built);
		String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(built)).substring(0, 16);
		assertThat(bundleName()).isEqualTo("wsauth-client." + hash + ".js");
		assertThat(new String(built, StandardCharsets.UTF_8)).startsWith("/*! @wsauth/client ")
			.contains("with @stomp/stompjs 7.5.0")
			.contains("describeClose");
	}

	@Test
	void unknownHashIsNotFound() throws Exception {
		HttpResponse<String> unknown = get("/wsauth/wsauth-client.0123456789abcdef.js");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(get("/wsauth/wsauth-client.x.js").statusCode()).isEqualTo(404);
	}

	@Test
	void headAnswersTheHeadersOfGetWithoutABody() throws Exception {
		String path = "/wsauth/" + bundleName();
		HttpResponse<String> full = get(path);
		HttpResponse<String> head = send(request(path).method("HEAD", HttpRequest.BodyPublishers.noBody()));
		assertThat(head.statusCode()).isEqualTo(200);
		assertThat(head.body()).isEmpty();
		assertThat(head.headers().firstValue("Content-Length"))
			.hasValue(String.valueOf(full.body().getBytes(StandardCharsets.UTF_8).length));
		assertThat(head.headers().firstValue("ETag")).isEqualTo(full.headers().firstValue("ETag"));
		assertThat(head.headers().firstValue("Cache-Control")).hasValue(IMMUTABLE);
		HttpResponse<String> entryHead = send(
				request("/wsauth/wsauth-client.js").method("HEAD", HttpRequest.BodyPublishers.noBody()));
		assertThat(entryHead.statusCode()).isEqualTo(200);
		assertThat(entryHead.headers().firstValue("Cache-Control")).hasValue("no-cache");
	}

	@Test
	void springSecurityStillWritesNoStoreOnOtherResponses() throws Exception {
		HttpResponse<String> login = get("/login");
		assertThat(login.statusCode()).isEqualTo(200);
		assertThat(login.headers().firstValue("Cache-Control"))
			.hasValueSatisfying((value) -> assertThat(value).contains("no-store"));
		assertThat(get("/wsauth/wsauth-client.js").headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
	}

	private String bundleName() throws IOException, InterruptedException {
		Matcher matcher = ENTRY.matcher(get("/wsauth/wsauth-client.js").body());
		assertThat(matcher.matches()).isTrue();
		return matcher.group(1);
	}

	private static void isStrong(String etag) {
		assertThat(etag).startsWith("\"").endsWith("\"").hasSizeGreaterThan(20);
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(request(path).GET());
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path));
	}

}
