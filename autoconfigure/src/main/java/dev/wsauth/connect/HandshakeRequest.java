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
package dev.wsauth.connect;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.ServerHttpAsyncRequestControl;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketSession;

/**
 * The upgrade request of an open WebSocket, as far as the session remembers it (URI,
 * headers, addresses), for a {@code WebSocketUserDataResolver} called when the CONNECT
 * frame authenticates the connection, long after the request itself is gone.
 */
final class HandshakeRequest implements ServerHttpRequest {

	private final WebSocketSession session;

	private final Map<String, Object> attributes = new LinkedHashMap<>();

	HandshakeRequest(WebSocketSession session) {
		this.session = session;
	}

	@Override
	public HttpMethod getMethod() {
		return HttpMethod.GET;
	}

	@Override
	public URI getURI() {
		URI uri = this.session.getUri();
		return (uri != null) ? uri : URI.create("/");
	}

	@Override
	public Map<String, Object> getAttributes() {
		return this.attributes;
	}

	@Override
	public HttpHeaders getHeaders() {
		return HttpHeaders.readOnlyHttpHeaders(this.session.getHandshakeHeaders());
	}

	@Override
	public InputStream getBody() {
		return InputStream.nullInputStream();
	}

	@Override
	public @Nullable Principal getPrincipal() {
		return null;
	}

	@Override
	public InetSocketAddress getLocalAddress() {
		InetSocketAddress address = this.session.getLocalAddress();
		return (address != null) ? address : new InetSocketAddress(0);
	}

	@Override
	public InetSocketAddress getRemoteAddress() {
		InetSocketAddress address = this.session.getRemoteAddress();
		return (address != null) ? address : new InetSocketAddress(0);
	}

	@Override
	public ServerHttpAsyncRequestControl getAsyncRequestControl(ServerHttpResponse response) {
		throw new UnsupportedOperationException("The upgrade request is complete");
	}

}
