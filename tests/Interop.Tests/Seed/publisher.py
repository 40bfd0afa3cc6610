import zmq
import time
import random
 
context = zmq.Context()
socket = context.socket(zmq.PUB)
socket.bind("tcp://*:5555")
 
if __name__ == '__main__':
    print("发布者启动.....")
    for i in range(1000):
        time.sleep(0.1)
        temperature = random.randint(-10, 40)
        message = f"我是publisher, 这是我发布给你们的第{i+1}个消息!今日温度{temperature}"
        socket.send_string(message)
