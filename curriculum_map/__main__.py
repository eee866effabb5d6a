from curriculum_map.cli import main

main()
