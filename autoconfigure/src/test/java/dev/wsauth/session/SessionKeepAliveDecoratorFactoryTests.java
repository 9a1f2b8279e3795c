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

package dev.wsauth.session;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;

import dev.wsauth.socket.WsAuthAttributes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link SessionKeepAliveDecoratorFactory}.
 */
class SessionKeepAliveDecoratorFactoryTests {

	private final List<String> activity = new ArrayList<>();

	private final WebSocketHandler delegate = mock(WebSocketHandler.class);

	@Test
	void frameCountsAsActivityOfTheBoundSessionAndReachesTheHandler() throws Exception {
		WebSocketHandler handler = new SessionKeepAliveDecoratorFactory(this.activity::add, false)
			.decorate(this.delegate);
		WebSocketSession session = session("http-1");
		TextMessage frame = new TextMessage("SEND\ndestination:/app/ping\n\n{}\0");
		handler.handleMessage(session, frame);
		assertThat(this.activity).containsExactly("http-1");
		then(this.delegate).should().handleMessage(session, frame);
	}

	@Test
	void heartbeatsDoNotCountByDefault() throws Exception {
		WebSocketHandler handler = new SessionKeepAliveDecoratorFactory(this.activity::add, false)
			.decorate(this.delegate);
		WebSocketSession session = session("http-1");
		handler.handleMessage(session, new TextMessage("\n"));
		handler.handleMessage(session, new TextMessage("\r\n"));
		handler.handleMessage(session, new BinaryMessage(ByteBuffer.wrap(new byte[] { '\n' })));
		handler.handleMessage(session, new PongMessage());
		assertThat(this.activity).isEmpty();
	}

	@Test
	void heartbeatsCountWhenConfigured() throws Exception {
		WebSocketHandler handler = new SessionKeepAliveDecoratorFactory(this.activity::add, true)
			.decorate(this.delegate);
		handler.handleMessage(session("http-1"), new TextMessage("\n"));
		assertThat(this.activity).containsExactly("http-1");
	}

	@Test
	void socketWithoutABoundSessionIsIgnored() throws Exception {
		WebSocketHandler handler = new SessionKeepAliveDecoratorFactory(this.activity::add, true)
			.decorate(this.delegate);
		WebSocketSession session = mock(WebSocketSession.class);
		given(session.getAttributes()).willReturn(new HashMap<>());
		handler.handleMessage(session, new TextMessage("CONNECT\n\n\0"));
		assertThat(this.activity).isEmpty();
	}

	private WebSocketSession session(String httpSessionId) {
		Map<String, Object> attributes = new HashMap<>();
		WsAuthAttributes.bindHttpSessionId(attributes, httpSessionId);
		WebSocketSession session = mock(WebSocketSession.class);
		given(session.getAttributes()).willReturn(attributes);
		return session;
	}

}
