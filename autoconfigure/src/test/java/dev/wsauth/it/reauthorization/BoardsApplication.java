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

package dev.wsauth.it.reauthorization;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.simp.stomp.StompReactorNettyCodec;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.messaging.tcp.ReconnectStrategy;
import org.springframework.messaging.tcp.TcpConnection;
import org.springframework.messaging.tcp.TcpConnectionHandler;
import org.springframework.messaging.tcp.TcpOperations;
import org.springframework.messaging.tcp.reactor.ReactorNettyTcpClient;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

import dev.wsauth.topic.SubscribeRule;

/**
 * Boards whose membership changes while members are connected: a subscription to
 * {@code /topic/boards.{board}} needs membership ({@link Memberships}, shared by every
 * node of the JVM), {@code /topic/news} only authentication. STOMP at {@code /ws}, on the
 * simple broker, or relayed to RabbitMQ when {@code test.relay.port} is set; the relay's
 * TCP connections record the UNSUBSCRIBE frames they write ({@link #UNSUBSCRIBES}).
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@EnableWebSocketMessageBroker
@Import(BoardsApplication.Rules.class)
class BoardsApplication implements WebSocketMessageBrokerConfigurer {

	static final String PROPERTIES = """
			wsauth.authorization.rules[0].destination=/topic/news
			wsauth.authorization.rules[0].access=isAuthenticated()
			""";

	/**
	 * Every UNSUBSCRIBE a relay connection wrote to RabbitMQ: WebSocket session id and
	 * subscription id.
	 */
	static final List<String> UNSUBSCRIBES = new CopyOnWriteArrayList<>();

	@Value("${test.relay.host:127.0.0.1}")
	private String relayHost;

	@Value("${test.relay.port:0}")
	private int relayPort;

	@Override
	public void registerStompEndpoints(StompEndpointRegistry registry) {
		registry.addEndpoint("/ws");
	}

	@Override
	public void configureMessageBroker(MessageBrokerRegistry registry) {
		registry.setApplicationDestinationPrefixes("/app");
		if (this.relayPort == 0) {
			registry.enableSimpleBroker("/topic", "/queue");
			return;
		}
		registry.enableStompBrokerRelay("/topic", "/queue")
			.setTcpClient(new RecordingTcpClient(
					new ReactorNettyTcpClient<>(this.relayHost, this.relayPort, new StompReactorNettyCodec())))
			.setClientLogin("guest")
			.setClientPasscode("guest")
			.setSystemLogin("guest")
			.setSystemPasscode("guest");
	}

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests(
				(requests) -> requests.requestMatchers("/login").permitAll().anyRequest().authenticated());
		http.formLogin((form) -> form.defaultSuccessUrl("/", false));
		return http.build();
	}

	@Bean
	UserDetailsService userDetailsService() {
		return new InMemoryUserDetailsManager(
				User.withUsername("alice").password("{noop}alice-pw").roles("USER").build(),
				User.withUsername("bob").password("{noop}bob-pw").roles("USER").build());
	}

	@Bean
	Memberships boards() {
		return new Memberships();
	}

	static class Rules {

		@SubscribeRule("/topic/boards.{board}")
		@PreAuthorize("@boards.isMember(authentication.name, #board)")
		void board(String board) {
		}

	}

	/**
	 * Board membership, referenced from the rule as {@code @boards}; one static map, so
	 * that two nodes in one JVM agree as two nodes sharing a database would.
	 */
	static class Memberships {

		private static final Map<String, Set<String>> MEMBERS = new ConcurrentHashMap<>();

		public boolean isMember(String user, String board) {
			return MEMBERS.getOrDefault(board, Set.of()).contains(user);
		}

		static void add(String board, String user) {
			MEMBERS.computeIfAbsent(board, (key) -> ConcurrentHashMap.newKeySet()).add(user);
		}

		static void remove(String board, String user) {
			MEMBERS.getOrDefault(board, Set.of()).remove(user);
		}

	}

	/**
	 * The relay's TCP client, recording each UNSUBSCRIBE frame its connections write.
	 */
	private static final class RecordingTcpClient implements TcpOperations<byte[]> {

		private final TcpOperations<byte[]> delegate;

		RecordingTcpClient(TcpOperations<byte[]> delegate) {
			this.delegate = delegate;
		}

		@Override
		public CompletableFuture<Void> connectAsync(TcpConnectionHandler<byte[]> handler) {
			return this.delegate.connectAsync(new RecordingHandler(handler));
		}

		@Override
		public CompletableFuture<Void> connectAsync(TcpConnectionHandler<byte[]> handler,
				ReconnectStrategy reconnectStrategy) {
			return this.delegate.connectAsync(new RecordingHandler(handler), reconnectStrategy);
		}

		@Override
		public CompletableFuture<Void> shutdownAsync() {
			return this.delegate.shutdownAsync();
		}

	}

	private record RecordingHandler(TcpConnectionHandler<byte[]> delegate) implements TcpConnectionHandler<byte[]> {

		@Override
		public void afterConnected(TcpConnection<byte[]> connection) {
			this.delegate.afterConnected(new RecordingConnection(connection));
		}

		@Override
		public void afterConnectFailure(Throwable ex) {
			this.delegate.afterConnectFailure(ex);
		}

		@Override
		public void handleMessage(Message<byte[]> message) {
			this.delegate.handleMessage(message);
		}

		@Override
		public void handleFailure(Throwable ex) {
			this.delegate.handleFailure(ex);
		}

		@Override
		public void afterConnectionClosed() {
			this.delegate.afterConnectionClosed();
		}

	}

	private record RecordingConnection(TcpConnection<byte[]> delegate) implements TcpConnection<byte[]> {

		@Override
		public CompletableFuture<Void> sendAsync(Message<byte[]> message) {
			StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
			if (accessor != null && StompCommand.UNSUBSCRIBE.equals(accessor.getCommand())) {
				UNSUBSCRIBES.add(SimpMessageHeaderAccessor.getSessionId(message.getHeaders()) + " "
						+ accessor.getFirstNativeHeader("id"));
			}
			return this.delegate.sendAsync(message);
		}

		@Override
		public void onReadInactivity(Runnable runnable, long duration) {
			this.delegate.onReadInactivity(runnable, duration);
		}

		@Override
		public void onWriteInactivity(Runnable runnable, long duration) {
			this.delegate.onWriteInactivity(runnable, duration);
		}

		@Override
		public void close() {
			this.delegate.close();
		}

	}

}
