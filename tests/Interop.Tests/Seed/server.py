import zmq
import time
 
context = zmq.Context()
socket = context.socket(zmq.REP)
socket.bind("tcp://*:5555")
count = 0
 
# 必须要先接收消息,然后再应答
if __name__ == '__main__':
    print('zmq server start....')
    while True:
        message = socket.recv().decode("UTF-8")
        count += 1
        print(f'received request. message:{message}; count:{count}')
        time.sleep(1)
        socket.send_string("world!")
