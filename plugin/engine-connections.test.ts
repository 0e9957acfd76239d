import { EventEmitter } from "node:events";
import { EngineConnections } from "./engine-connections";

function connection(port: number) {
  return Object.assign(new EventEmitter(), { remoteAddress: "127.0.0.1", remotePort: port });
}

test("a connection that closes with a call of its own unanswered is the engine gone", () => {
  const connections = new EngineConnections();
  const gone = jest.fn();
  connections.signal(gone);
  const engine = connection(40001);
  connections.watch(engine);
  connections.callStarted("127.0.0.1:40001");
  connections.callStarted("127.0.0.1:40001");
  engine.emit("close");
  expect(gone).toHaveBeenCalledWith("its connection to this provider closed with 2 call(s) unanswered");
});

test("an idle connection that closes (a client's idle timeout) says nothing; nor does one whose calls were all answered", () => {
  const connections = new EngineConnections();
  const gone = jest.fn();
  connections.signal(gone);
  const idle = connection(40001);
  connections.watch(idle);
  idle.emit("close");
  const answeredAll = connection(40002);
  connections.watch(answeredAll);
  const answered = connections.callStarted("127.0.0.1:40002");
  answered();
  answered(); // twice is once
  answeredAll.emit("close");
  expect(gone).not.toHaveBeenCalled();
});

test("calls on another connection do not count: only a connection's own unanswered calls do", () => {
  const connections = new EngineConnections();
  const gone = jest.fn();
  connections.signal(gone);
  const [first, second] = [connection(40001), connection(40002)];
  connections.watch(first);
  connections.watch(second);
  connections.callStarted("127.0.0.1:40002");
  first.emit("close");
  expect(gone).not.toHaveBeenCalled();
  second.emit("close");
  expect(gone).toHaveBeenCalledTimes(1);
});

test("a stopped signal is not called", () => {
  const connections = new EngineConnections();
  const gone = jest.fn();
  connections.signal(gone)();
  const engine = connection(40001);
  connections.watch(engine);
  connections.callStarted("127.0.0.1:40001");
  engine.emit("close");
  expect(gone).not.toHaveBeenCalled();
});
